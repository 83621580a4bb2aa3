package dev.parley.application.port.in;

import dev.parley.domain.session.Message;
import java.util.List;
import java.util.UUID;

/** Inbound port: the answer to a stateless turn — the new messages, the next state (null once final) and the ids. */
public record StatelessTurnResult(List<Message> messages, String state, boolean isFinal, UUID chatId, UUID callId) {}
