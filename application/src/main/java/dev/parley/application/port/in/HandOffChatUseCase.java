package dev.parley.application.port.in;

import dev.parley.domain.session.ChatSession;
import java.util.UUID;

/** Inbound port: a person takes a chat over. Implemented by {@code usecase.control.HandOffChat}. */
public interface HandOffChatUseCase {
  /** Answers the chat as it is afterwards, with its transcript. */
  ChatSession handOff(UUID tenantId, UUID chatId, String reason);
}
