package dev.parley.application.usecase.chat;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.GetChatActivityUseCase;
import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.ChatSessionRepository;
import java.util.List;
import java.util.UUID;

/** Use case: the activity log of one session. */
public final class GetChatActivity implements GetChatActivityUseCase {
  private final ChatSessionRepository sessions;
  private final ActivityLog activity;

  public GetChatActivity(ChatSessionRepository sessions, ActivityLog activity) {
    this.sessions = sessions;
    this.activity = activity;
  }

  @Override
  public List<ActivityLog.Entry> list(UUID tenantId, UUID chatId) {
    sessions.findStatus(tenantId, chatId).orElseThrow(() -> new NotFoundException("chat", chatId));
    return activity.list(tenantId, chatId);
  }
}
