package dev.parley.adapter.in.rest.live;

import dev.parley.application.port.in.ReadChatEventsUseCase;
import dev.parley.application.port.out.ChatEventLog;
import io.micronaut.http.sse.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open tenant-wide stream: it sends the log's entries past the last one it sent, so a notice from any instance,
 * a missed notice (resync) and a reconnect (Last-Event-ID) all come down to the same read. Each event's id is its
 * log id: resuming from it, on any instance, sends exactly the events after it.
 */
final class TenantFeed extends SseFeed {
  private final ChatEventLog.Filter filter;
  private final ReadChatEventsUseCase log;
  private final AtomicBoolean due = new AtomicBoolean();
  private long lastId;

  TenantFeed(Executor delivery, UUID tenantId, ChatEventLog.Filter filter, long lastId, ReadChatEventsUseCase log) {
    super(delivery, tenantId);
    this.filter = filter;
    this.lastId = lastId;
    this.log = log;
  }

  /** Its id is where a client that saw nothing yet resumes from. */
  @Override
  void hello(Duration retry) {
    send(Event.of((Object) "").retry(retry).id(String.valueOf(lastId)));
  }

  /** Marks a read as due: answers whether one was not due already (then the caller schedules a drain). */
  boolean wake() {
    return due.compareAndSet(false, true);
  }

  /** Sends every entry past the last one sent, a page at a time. */
  @Override
  synchronized void drain() {
    due.set(false);
    while (!isClosed()) {
      List<ChatEventLog.Logged> page = log.after(tenantId(), lastId, filter, ReadChatEventsUseCase.MAX_LIMIT);
      for (ChatEventLog.Logged e : page) {
        lastId = e.id();
        Map<String, Object> data = FeedEventData.of(e, true);
        if (data != null) send(Event.of((Object) data).name(e.type()).id(String.valueOf(e.id())));
      }
      if (page.size() < ReadChatEventsUseCase.MAX_LIMIT) return;
    }
  }

  @Override
  public String toString() {
    return "a tenant feed";
  }
}
