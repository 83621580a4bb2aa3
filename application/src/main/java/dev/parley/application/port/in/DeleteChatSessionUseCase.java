package dev.parley.application.port.in;

import java.util.UUID;

/**
 * Inbound port: erase a chat — transcript and personal data gone, an audit record of the erasure kept. Implemented
 * by {@code usecase.erasure.DeleteChatSession}.
 */
public interface DeleteChatSessionUseCase {
  void delete(UUID tenantId, UUID chatId, String erasedBy);
}
