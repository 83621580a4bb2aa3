package dev.parley.application.usecase.chat;

import dev.parley.application.policy.InputLimits;
import dev.parley.application.port.in.ListChatSessionsUseCase;
import dev.parley.application.port.out.ChatPage;
import dev.parley.application.port.out.ChatQuery;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.domain.common.InvalidValueException;

/** Use case: list a tenant's sessions, newest activity first, with the hosted system's filters. */
public final class ListChatSessions implements ListChatSessionsUseCase {
  private final ChatSessionRepository sessions;
  private final int listedMessages;

  /**
   * With transcripts included, each chat of a page shows its latest {@link InputLimits#listMessagesPerChat}
   * messages: a page holds at most {@link #MAX_TAKE} × that many (the whole transcript is on its own endpoints).
   */
  public ListChatSessions(ChatSessionRepository sessions, InputLimits inputs) {
    this.sessions = sessions;
    this.listedMessages = inputs.listMessagesPerChat();
  }

  @Override
  public ChatPage list(ChatQuery query) {
    if (!query.state().equals("active") && !query.state().equals("final") && !query.state().equals("all"))
      throw new InvalidValueException("state", "state must be active, final or all");
    if (query.skip() < 0) throw new InvalidValueException("skip", "skip must not be negative");
    if (query.take() < 1 || query.take() > MAX_TAKE) throw new InvalidValueException("take", "take must be between 1 and " + MAX_TAKE);
    return sessions.list(query.withListedMessages(listedMessages));
  }
}
