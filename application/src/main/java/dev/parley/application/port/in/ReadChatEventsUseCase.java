package dev.parley.application.port.in;

import dev.parley.application.port.out.ChatEventLog;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Inbound port: the live feeds' reads of a tenant's event log (decision 0011). Implemented by
 * {@code usecase.feed.ReadChatEvents}.
 */
public interface ReadChatEventsUseCase {
  int MAX_LIMIT = 200;

  /** Every event type a feed may be filtered by (a feed's event names). */
  Set<String> types();

  /** The tenant's events after {@code afterId} that pass {@code filter}, oldest first, at most {@code limit}. */
  List<ChatEventLog.Logged> after(UUID tenantId, long afterId, ChatEventLog.Filter filter, int limit);

  /** The tenant's last event id (0: none yet): a stream without Last-Event-ID starts after it. */
  long lastId(UUID tenantId);
}
