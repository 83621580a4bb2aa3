package dev.parley.application.port.in;

import dev.parley.domain.session.ChatSession;
import java.util.UUID;

/**
 * Inbound port: read one session with its transcript. Implemented by {@code usecase.chat.GetChatSession}.
 */
public interface GetChatSessionUseCase {
  ChatSession get(UUID tenantId, UUID chatId);
}
