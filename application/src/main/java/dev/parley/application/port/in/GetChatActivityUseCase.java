package dev.parley.application.port.in;

import dev.parley.application.port.out.ActivityLog;
import java.util.List;
import java.util.UUID;

/**
 * Inbound port: the activity log of one session. Implemented by {@code usecase.chat.GetChatActivity}.
 */
public interface GetChatActivityUseCase {
  List<ActivityLog.Entry> list(UUID tenantId, UUID chatId);
}
