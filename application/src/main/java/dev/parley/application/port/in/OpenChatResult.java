package dev.parley.application.port.in;

import dev.parley.domain.session.ChatSession;

/** The opened session, and whether it is new or the endpoint's already active one. */
public record OpenChatResult(ChatSession session, boolean created) {}
