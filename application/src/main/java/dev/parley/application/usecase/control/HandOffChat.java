package dev.parley.application.usecase.control;

import dev.parley.application.control.ChatUnderLease;
import dev.parley.application.control.Handoffs;
import dev.parley.application.port.in.HandOffChatUseCase;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.ChatSession;
import java.util.UUID;

/**
 * Use case: a person takes a chat over (mode human). A turn running on it is stopped first (what it said is kept,
 * marked interrupted); from then on the user's messages are stored and delivered but not answered by the agent,
 * and the chat waits for the person under its own limit. Taking over a chat a person holds changes nothing.
 */
public final class HandOffChat implements HandOffChatUseCase {
  public static final int MAX_REASON_CHARS = 2000;
  private final ChatSessionRepository sessions;
  private final ChatUnderLease chats;
  private final Handoffs handoffs;

  public HandOffChat(ChatSessionRepository sessions, ChatUnderLease chats, Handoffs handoffs) {
    this.sessions = sessions;
    this.chats = chats;
    this.handoffs = handoffs;
  }

  /** Answers the chat as it is afterwards, with its transcript. */
  public ChatSession handOff(UUID tenantId, UUID chatId, String reason) {
    if (reason != null && reason.length() > MAX_REASON_CHARS)
      throw new InvalidValueException("reason", "reason must be at most " + MAX_REASON_CHARS + " characters");
    if (reason != null) dev.parley.domain.common.StorableJson.requireText("/reason", reason);
    chats.change(tenantId, chatId, true, (session, now) -> handoffs.handOffWithin(session, reason, "api", now));
    return sessions.find(tenantId, chatId).orElseThrow(() -> new NotFoundException("chat", chatId));
  }
}
