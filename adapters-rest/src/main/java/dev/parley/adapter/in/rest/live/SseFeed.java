package dev.parley.adapter.in.rest.live;

import io.micronaut.http.sse.Event;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.SubmissionPublisher;

/**
 * One client's open server-sent event stream of a {@link FeedRegistry}: a bounded buffer of events that lets a client
 * too slow to take them go (it reconnects and resumes from its last id), a heartbeat, and the catch-up read it runs
 * when woken.
 */
abstract class SseFeed {
  private final SubmissionPublisher<Event<Object>> events;
  private final UUID tenantId;

  SseFeed(Executor delivery, UUID tenantId) {
    this.events = new SubmissionPublisher<>(delivery, 1024);
    this.tenantId = tenantId;
  }

  /** The first item: makes the server send the headers now, and tells the client how soon to come back. */
  abstract void hello(Duration retry);

  /** Sends what the store holds past what this feed sent; runs on a reader of the registry, never two at once. */
  abstract void drain();

  SubmissionPublisher<Event<Object>> events() {
    return events;
  }

  UUID tenantId() {
    return tenantId;
  }

  boolean isClosed() {
    return events.isClosed();
  }

  void heartbeat() {
    send(Event.of((Object) "").comment("heartbeat"));
  }

  /** A client too slow to take 1024 events is let go: it reconnects and resumes from its last id. */
  final void send(Event<Object> event) {
    if (events.isClosed()) return;
    if (events.offer(event, (subscriber, dropped) -> false) < 0) events.close();
  }

  void close() {
    events.close();
  }
}
