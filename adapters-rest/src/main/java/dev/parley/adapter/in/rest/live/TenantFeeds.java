package dev.parley.adapter.in.rest.live;

import dev.parley.application.port.in.ReadChatEventsUseCase;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventFeed;
import dev.parley.application.port.out.ChatEventLog;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.sse.Event;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import org.reactivestreams.Publisher;

/**
 * The tenant-wide feeds this instance serves (decision 0011). A {@link ChatEvent.Kind#LOGGED} notice from any
 * instance wakes the tenant's feeds, which read the log past what they sent; a resync wakes them all. Bounded: at
 * most {@code parley.live.max-tenant-streams} open tenant feeds per tenant on this instance.
 */
@Singleton
public class TenantFeeds extends FeedRegistry<TenantFeed> {
  private final ReadChatEventsUseCase log;

  public TenantFeeds(ChatEventFeed feed, ReadChatEventsUseCase log,
                     @Value("${parley.live.heartbeat:15s}") Duration heartbeat,
                     @Value("${parley.live.retry:3s}") Duration retry,
                     @Value("${parley.live.max-tenant-streams:5}") int maxPerTenant) {
    super("tenant", feed, heartbeat, retry, maxPerTenant, TenantFeed::tenantId);
    this.log = log;
  }

  /**
   * Opens a feed of the tenant's events that pass {@code filter}, after {@code lastId} (null: from now on). Null
   * when the tenant has as many tenant feeds open here as it may.
   */
  public Publisher<Event<Object>> open(UUID tenantId, ChatEventLog.Filter filter, Long lastId) {
    long from = lastId == null ? log.lastId(tenantId) : lastId;
    log.after(tenantId, from, filter, 1); // checks the filter before the stream's 200
    return open(tenantId, readers -> new TenantFeed(readers, tenantId, filter, from, log), this::wake);
  }

  @Override
  public void onEvent(ChatEvent event) {
    if (event.kind() != ChatEvent.Kind.LOGGED) return;
    feedsOf(event.tenantId()).forEach(this::wake);
  }

  @Override
  public void resync() {
    forEachFeed(this::wake);
  }

  private void wake(TenantFeed live) {
    if (live.wake()) drainLater(live);
  }
}
