package dev.parley.application.service;

import dev.parley.application.port.out.ChatPage;
import dev.parley.application.port.out.ChatQuery;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.domain.common.InvalidValueException;

/** Use case: list a tenant's sessions, newest activity first, with the hosted system's filters. */
public final class ListChatSessions {
  public static final int DEFAULT_TAKE = 20;
  public static final int MAX_TAKE = 200;

  private final ChatSessionRepository sessions;
  private final int maxTakeWithMessages;

  public ListChatSessions(ChatSessionRepository sessions) {
    this(sessions, InputLimits.DEFAULTS);
  }

  /** With transcripts included a page holds at most {@link InputLimits#listTakeWithMessages} chats. */
  public ListChatSessions(ChatSessionRepository sessions, InputLimits inputs) {
    this.sessions = sessions;
    this.maxTakeWithMessages = Math.min(MAX_TAKE, inputs.listTakeWithMessages());
  }

  /** The largest page {@code includeMessages} allows: a page's size is bounded by chats × messages per chat. */
  public int maxTake(boolean includeMessages) {
    return includeMessages ? maxTakeWithMessages : MAX_TAKE;
  }

  public ChatPage list(ChatQuery query) {
    if (!query.state().equals("active") && !query.state().equals("final") && !query.state().equals("all"))
      throw new InvalidValueException("state", "state must be active, final or all");
    if (query.skip() < 0) throw new InvalidValueException("skip", "skip must not be negative");
    if (query.take() < 1 || query.take() > MAX_TAKE) throw new InvalidValueException("take", "take must be between 1 and " + MAX_TAKE);
    if (query.take() > maxTake(query.includeMessages()))
      throw new InvalidValueException("take", "take must be at most " + maxTakeWithMessages
          + " when the transcripts are included; include_messages=false allows up to " + MAX_TAKE);
    return sessions.list(query);
  }
}
