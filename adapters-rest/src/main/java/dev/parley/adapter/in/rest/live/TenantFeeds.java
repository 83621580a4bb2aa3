package dev.parley.adapter.in.rest.live;

import dev.parley.application.port.in.ReadChatEventsUseCase;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventFeed;
import dev.parley.application.port.out.ChatEventLog;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.sse.Event;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant-wide feeds this instance serves (decision 0011). A {@link ChatEvent.Kind#LOGGED} notice from any
 * instance wakes the tenant's feeds, which read the log past what they sent; a resync wakes them all. Bounded: at
 * most {@code parley.live.max-tenant-streams} open tenant feeds per tenant on this instance.
 */
@Singleton
public class TenantFeeds implements ChatEventFeed.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(TenantFeeds.class);
  private final ChatEventFeed feed;
  private final ReadChatEventsUseCase log;
  private final Duration retry;
  private final int maxPerTenant;
  private final Map<UUID, Set<TenantFeed>> byTenant = new ConcurrentHashMap<>();
  private final ExecutorService readers = Executors.newCachedThreadPool(r -> daemon(r, "parley-tenant-feed"));
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "parley-tenant-heartbeat"));
  private volatile boolean subscribed;

  public TenantFeeds(ChatEventFeed feed, ReadChatEventsUseCase log,
                     @Value("${parley.live.heartbeat:15s}") Duration heartbeat,
                     @Value("${parley.live.retry:3s}") Duration retry,
                     @Value("${parley.live.max-tenant-streams:5}") int maxPerTenant) {
    this.feed = feed;
    this.log = log;
    this.retry = retry;
    this.maxPerTenant = maxPerTenant;
    ticker.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Opens a feed of the tenant's events that pass {@code filter}, after {@code lastId} (null: from now on). Null
   * when the tenant has as many tenant feeds open here as it may.
   */
  public Publisher<Event<Object>> open(UUID tenantId, ChatEventLog.Filter filter, Long lastId) {
    long from = lastId == null ? log.lastId(tenantId) : lastId;
    log.after(tenantId, from, filter, 1); // checks the filter before the stream's 200
    Set<TenantFeed> feeds = byTenant.computeIfAbsent(tenantId, t -> ConcurrentHashMap.newKeySet());
    TenantFeed live = new TenantFeed(readers, tenantId, filter, from, log);
    synchronized (feeds) {
      if (feeds.size() >= maxPerTenant) return null;
      feeds.add(live);
    }
    subscribeOnce();
    Publisher<Event<Object>> events = FlowAdapters.toPublisher(live.events());
    return subscriber -> {
      events.subscribe(new Forget<>(subscriber, () -> forget(live)));
      live.hello(retry);
      wake(live);
    };
  }

  /** Seconds a refused client should wait (Retry-After). */
  public long retryAfterSeconds() {
    return Math.max(1, retry.toSeconds());
  }

  /** How many tenant feeds are open here (tests). */
  public int openFeeds() {
    return byTenant.values().stream().mapToInt(Set::size).sum();
  }

  private synchronized void subscribeOnce() {
    if (!subscribed) {
      subscribed = true;
      feed.subscribe(this);
    }
  }

  @Override
  public void onEvent(ChatEvent event) {
    if (event.kind() != ChatEvent.Kind.LOGGED) return;
    Set<TenantFeed> feeds = byTenant.get(event.tenantId());
    if (feeds != null) feeds.forEach(this::wake);
  }

  @Override
  public void resync() {
    byTenant.values().forEach(feeds -> feeds.forEach(this::wake));
  }

  private void wake(TenantFeed live) {
    if (live.wake()) readers.execute(() -> drain(live));
  }

  private void drain(TenantFeed live) {
    try {
      live.drain();
    } catch (RuntimeException e) {
      LOG.warn("a tenant feed closed: {}", e.getMessage()); // the client resumes from its last id
      live.close();
    }
    if (live.isClosed()) forget(live);
  }

  private void beat() {
    byTenant.values().forEach(feeds -> feeds.forEach(TenantFeed::heartbeat));
  }

  private void forget(TenantFeed live) {
    Set<TenantFeed> feeds = byTenant.get(live.tenantId());
    if (feeds != null && feeds.remove(live)) live.close();
  }

  @PreDestroy
  void stop() {
    ticker.shutdownNow();
    byTenant.values().forEach(feeds -> feeds.forEach(TenantFeed::close));
    readers.shutdownNow();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
