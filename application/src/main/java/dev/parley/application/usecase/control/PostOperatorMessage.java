package dev.parley.application.usecase.control;

import dev.parley.application.control.ChatUnderLease;
import dev.parley.application.event.FeedEvents;
import dev.parley.application.port.in.PostOperatorMessageUseCase;
import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.policy.Limits;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.Message;
import java.util.Map;
import java.util.UUID;

/**
 * Use case: a person who holds a chat writes to its user. The message is stored with role {@code operator} and the
 * operator's name, and delivered live (sockets on any instance hear of it like any new message).
 */
public final class PostOperatorMessage implements PostOperatorMessageUseCase {
  private final ChatUnderLease chats;
  private final ChatEventNotifier events;
  private final ActivityLog activity;
  private final Limits limits;
  private final FeedEvents feed;

  public PostOperatorMessage(ChatUnderLease chats, ChatEventNotifier events, ActivityLog activity, Limits limits,
                             FeedEvents feed) {
    this.feed = feed;
    this.chats = chats;
    this.events = events;
    this.activity = activity;
    this.limits = limits;
  }

  public Posted post(UUID tenantId, UUID chatId, String content, Message.Author operator) {
    limits.requireMessageText(content);
    if (operator == null) throw new InvalidValueException("operator", "operator is required ({\"id\", \"name\"})");
    return chats.change(tenantId, chatId, false, (session, now) -> {
      Message message = Message.operator(content, operator, now);
      session.appendOperatorMessage(message, now);
      int seq = session.messageCount() - 1; // its position: the messages before it come first
      activity.record(tenantId, chatId, "operator_message", Map.of("operator", operator.name()), now);
      if (events.announces(session.channel())) events.publish(ChatEvent.messages(tenantId, chatId, seq + 1));
      feed.messages(session, seq, 1, now);
      return new Posted(message, seq);
    });
  }
}
