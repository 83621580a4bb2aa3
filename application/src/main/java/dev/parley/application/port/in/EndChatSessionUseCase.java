package dev.parley.application.port.in;

import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.FinalReason;
import java.util.UUID;

/**
 * Inbound port: finish a session for a reason (user_end from REST and sockets, error...). Implemented by {@code
 * usecase.chat.EndChatSession}.
 */
public interface EndChatSessionUseCase {
  ChatSession end(UUID tenantId, UUID chatId, FinalReason reason, String note);
}
