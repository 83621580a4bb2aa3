package dev.parley.application.usecase.feed;

import dev.parley.application.event.FeedEvents;
import dev.parley.application.port.in.ReadChatEventsUseCase;
import dev.parley.application.port.out.ChatEventLog;
import dev.parley.domain.common.InvalidValueException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Use case: reads a tenant's event log for the live feeds, past the last event a stream sent. */
public final class ReadChatEvents implements ReadChatEventsUseCase {
  private final ChatEventLog log;

  public ReadChatEvents(ChatEventLog log) {
    this.log = log;
  }

  @Override
  public Set<String> types() {
    return FeedEvents.TYPES;
  }

  @Override
  public List<ChatEventLog.Logged> after(UUID tenantId, long afterId, ChatEventLog.Filter filter, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit " + limit);
    if (filter.types() != null)
      for (String type : filter.types())
        if (!FeedEvents.TYPES.contains(type))
          throw new InvalidValueException("types", "types must be among " + String.join(", ", FeedEvents.TYPES.stream().sorted().toList()));
    return log.after(tenantId, afterId, filter, limit);
  }

  @Override
  public long lastId(UUID tenantId) {
    return log.lastId(tenantId);
  }
}
