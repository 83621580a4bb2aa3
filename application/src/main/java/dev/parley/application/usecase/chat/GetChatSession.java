package dev.parley.application.usecase.chat;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.GetChatSessionUseCase;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.domain.session.ChatSession;
import java.util.UUID;

/** Use case: read one session with its transcript. */
public final class GetChatSession implements GetChatSessionUseCase {
  private final ChatSessionRepository sessions;

  public GetChatSession(ChatSessionRepository sessions) {
    this.sessions = sessions;
  }

  @Override
  public ChatSession get(UUID tenantId, UUID chatId) {
    return sessions.find(tenantId, chatId).orElseThrow(() -> new NotFoundException("chat", chatId));
  }
}
