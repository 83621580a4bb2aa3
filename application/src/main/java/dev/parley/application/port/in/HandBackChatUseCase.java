package dev.parley.application.port.in;

import dev.parley.domain.session.ChatSession;
import java.util.UUID;

/** Inbound port: the person gives the chat back to its agent. Implemented by {@code usecase.control.HandBackChat}. */
public interface HandBackChatUseCase {
  ChatSession handBack(UUID tenantId, UUID chatId);
}
