package dev.parley.application.usecase.control;

import dev.parley.application.control.ChatUnderLease;
import dev.parley.application.control.Handoffs;
import dev.parley.application.port.in.HandBackChatUseCase;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.domain.session.ChatSession;
import java.util.UUID;

/**
 * Use case: the person gives the chat back to its agent (mode agent), which then sees the operator's messages in its
 * history as its own turns. Giving back a chat the agent holds changes nothing.
 */
public final class HandBackChat implements HandBackChatUseCase {
  private final ChatSessionRepository sessions;
  private final ChatUnderLease chats;
  private final Handoffs handoffs;

  public HandBackChat(ChatSessionRepository sessions, ChatUnderLease chats, Handoffs handoffs) {
    this.sessions = sessions;
    this.chats = chats;
    this.handoffs = handoffs;
  }

  public ChatSession handBack(UUID tenantId, UUID chatId) {
    chats.change(tenantId, chatId, false, (session, now) -> handoffs.handBackWithin(session, now));
    return sessions.find(tenantId, chatId).orElseThrow(() -> new NotFoundException("chat", chatId));
  }
}
