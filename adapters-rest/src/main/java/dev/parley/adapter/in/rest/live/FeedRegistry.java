package dev.parley.adapter.in.rest.live;

import dev.parley.adapter.in.rest.auth.ApiKeyFilter;
import dev.parley.adapter.in.rest.support.WatchedSubscriber;
import dev.parley.application.port.out.ChatEventFeed;
import dev.parley.domain.common.InvalidValueException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.sse.Event;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open feeds of one kind on this instance, found by a key (a chat, a tenant) when a {@link ChatEventFeed} notice
 * wakes them: it subscribes to the notices on the first feed, bounds the open feeds per tenant, runs their catch-up
 * reads on its own threads, beats their heartbeat and forgets a feed once its client left or it closed.
 */
abstract class FeedRegistry<F extends SseFeed> implements ChatEventFeed.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(FeedRegistry.class);
  private final ChatEventFeed feed;
  private final Duration retry;
  private final int maxPerTenant;
  private final Function<F, UUID> keyOf;
  private final Map<UUID, Set<F>> byKey = new ConcurrentHashMap<>();
  private final Map<UUID, AtomicInteger> perTenant = new ConcurrentHashMap<>();
  private final ExecutorService readers;
  private final ScheduledExecutorService ticker;
  private volatile boolean subscribed;

  /** {@code name}: of the threads ({@code parley-<name>-feed}, {@code parley-<name>-heartbeat}). */
  FeedRegistry(String name, ChatEventFeed feed, Duration heartbeat, Duration retry, int maxPerTenant, Function<F, UUID> keyOf) {
    this.feed = feed;
    this.retry = retry;
    this.maxPerTenant = maxPerTenant;
    this.keyOf = keyOf;
    this.readers = Executors.newCachedThreadPool(r -> daemon(r, "parley-" + name + "-feed"));
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "parley-" + name + "-heartbeat"));
    ticker.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Opens a feed of {@code tenantId} made by {@code create} (given the executor it delivers on): its stream sends the
   * hello, then runs {@code firstWake}. Null when the tenant has as many feeds of this kind open here as it may.
   */
  final Publisher<Event<Object>> open(UUID tenantId, Function<Executor, F> create, Consumer<F> firstWake) {
    AtomicInteger open = perTenant.computeIfAbsent(tenantId, t -> new AtomicInteger());
    if (open.incrementAndGet() > maxPerTenant) {
      open.decrementAndGet();
      return null;
    }
    F live;
    try {
      live = create.apply(readers);
    } catch (RuntimeException e) {
      open.decrementAndGet();
      throw e;
    }
    subscribeOnce();
    byKey.computeIfAbsent(keyOf.apply(live), k -> ConcurrentHashMap.newKeySet()).add(live);
    Publisher<Event<Object>> events = FlowAdapters.toPublisher(live.events());
    return subscriber -> {
      events.subscribe(WatchedSubscriber.untilGone(subscriber, () -> forget(live)));
      live.hello(retry);
      firstWake.accept(live);
    };
  }

  /** The stream of an {@link #open} as the response: 200, or 429 with Retry-After when it was refused. */
  public final HttpResponse<?> respond(Publisher<Event<Object>> events) {
    if (events == null) return ApiKeyFilter.tooManyRequests(Math.max(1, retry.toSeconds()));
    return HttpResponse.ok(events).contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
  }

  /** How many feeds of this kind are open here (tests). */
  public int openFeeds() {
    return byKey.values().stream().mapToInt(Set::size).sum();
  }

  /** The open feeds under {@code key} (a chat, a tenant). */
  final Set<F> feedsOf(UUID key) {
    Set<F> feeds = byKey.get(key);
    return feeds == null ? Set.of() : feeds;
  }

  final void forEachFeed(Consumer<F> action) {
    byKey.values().forEach(feeds -> feeds.forEach(action));
  }

  /** Runs the feed's catch-up read on a reader; a feed that failed or ended is forgotten. */
  final void drainLater(F live) {
    readers.execute(() -> {
      try {
        live.drain();
      } catch (RuntimeException e) {
        LOG.warn("{} closed: {}", live, e.getMessage()); // the client resumes from its last id
        live.close();
      }
      if (live.isClosed()) forget(live);
    });
  }

  /**
   * The number a Last-Event-ID carries after {@code prefix}: at most {@code maxLength} characters in all, a whole
   * number from {@code min}; anything else is a 400 that says it must be {@code what}.
   */
  static long lastEventNumber(String lastEventId, String prefix, int maxLength, long min, String what) {
    try {
      if (lastEventId.length() > maxLength || !lastEventId.startsWith(prefix)) throw new NumberFormatException();
      long n = Long.parseLong(lastEventId.substring(prefix.length()).trim());
      if (n < min) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidValueException("Last-Event-ID", "Last-Event-ID must be " + what);
    }
  }

  private synchronized void subscribeOnce() {
    if (!subscribed) {
      subscribed = true;
      feed.subscribe(this);
    }
  }

  private void beat() {
    forEachFeed(SseFeed::heartbeat);
  }

  private void forget(F live) {
    Set<F> feeds = byKey.get(keyOf.apply(live));
    if (feeds != null && feeds.remove(live)) {
      live.close();
      perTenant.get(live.tenantId()).decrementAndGet();
      byKey.computeIfPresent(keyOf.apply(live), (k, s) -> s.isEmpty() ? null : s);
    }
  }

  @PreDestroy
  void stop() {
    ticker.shutdownNow();
    forEachFeed(SseFeed::close);
    readers.shutdownNow();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
