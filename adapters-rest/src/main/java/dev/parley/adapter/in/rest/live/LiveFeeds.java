package dev.parley.adapter.in.rest.live;

import dev.parley.application.policy.WireNames;
import dev.parley.application.port.in.GetChatSessionUseCase;
import dev.parley.application.port.in.ListChatMessagesUseCase;
import dev.parley.application.port.in.ReadChatEventsUseCase;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventFeed;
import dev.parley.domain.session.ChatSession;
import io.micronaut.context.annotation.Value;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live chat feeds this instance serves. Chat events from every instance (LISTEN/NOTIFY) wake the feeds of their
 * chat, which read what they missed from the store; a resync (the event connection came back) wakes them all.
 * Bounded: at most {@code parley.live.max-streams-per-tenant} open feeds per tenant on this instance.
 */
@Singleton
public class LiveFeeds implements ChatEventFeed.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeeds.class);
  private final ChatEventFeed feed;
  private final ListChatMessagesUseCase messages;
  private final GetChatSessionUseCase chats;
  private final ReadChatEventsUseCase log;
  private final dev.parley.application.port.in.GetPendingApprovalUseCase approvals;
  private final Duration heartbeat;
  private final Duration retry;
  private final int maxPerTenant;
  private final Map<UUID, Set<LiveFeed>> byChat = new ConcurrentHashMap<>();
  private final Map<UUID, AtomicInteger> perTenant = new ConcurrentHashMap<>();
  private final ExecutorService readers = Executors.newCachedThreadPool(r -> daemon(r, "parley-live-feed"));
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "parley-live-heartbeat"));
  private volatile boolean subscribed;

  public LiveFeeds(ChatEventFeed feed, ListChatMessagesUseCase messages, GetChatSessionUseCase chats, ReadChatEventsUseCase log,
                   @Value("${parley.live.heartbeat:15s}") Duration heartbeat,
                   @Value("${parley.live.retry:3s}") Duration retry,
                   @Value("${parley.live.max-streams-per-tenant:20}") int maxPerTenant,
                   dev.parley.application.port.in.GetPendingApprovalUseCase approvals) {
    this.approvals = approvals;
    this.feed = feed;
    this.messages = messages;
    this.chats = chats;
    this.log = log;
    this.heartbeat = heartbeat;
    this.retry = retry;
    this.maxPerTenant = maxPerTenant;
    ticker.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Opens the feed of a chat of {@code tenantId} (404 for another tenant's), sending the messages after
   * {@code lastSeq} (-1: the whole transcript). Null when the tenant has as many feeds open as it may.
   */
  public Publisher<io.micronaut.http.sse.Event<Object>> open(UUID tenantId, UUID chatId, long lastSeq) {
    ChatSession chat = chats.get(tenantId, chatId); // NotFoundException: unknown here
    AtomicInteger open = perTenant.computeIfAbsent(tenantId, t -> new AtomicInteger());
    if (open.incrementAndGet() > maxPerTenant) {
      open.decrementAndGet();
      return null;
    }
    subscribeOnce();
    LiveFeed live = new LiveFeed(readers, tenantId, chatId, lastSeq + 1, WireNames.of(chat.mode()), messages, chats, log,
        log.lastId(tenantId), approvals);
    byChat.computeIfAbsent(chatId, c -> ConcurrentHashMap.newKeySet()).add(live);
    Publisher<io.micronaut.http.sse.Event<Object>> events = FlowAdapters.toPublisher(live.events());
    return subscriber -> {
      events.subscribe(new Forget<>(subscriber, () -> forget(live)));
      live.hello(retry);
      wake(live, Long.MAX_VALUE);
    };
  }

  /** Seconds a refused client should wait (Retry-After). */
  public long retryAfterSeconds() {
    return Math.max(1, retry.toSeconds());
  }

  private synchronized void subscribeOnce() {
    if (!subscribed) {
      subscribed = true;
      feed.subscribe(this);
    }
  }

  @Override
  public void onEvent(ChatEvent event) {
    Set<LiveFeed> feeds = byChat.get(event.id());
    if (event.kind() == ChatEvent.Kind.LOGGED) {
      if (feeds != null) for (LiveFeed f : feeds) if (f.tenantId().equals(event.tenantId())) {
        f.turnsDue(event.seq());
        readers.execute(() -> drain(f));
      }
      return;
    }
    if (event.kind() == ChatEvent.Kind.APPROVAL_REQUESTED) { // after the messages before it, if it still waits then
      if (feeds != null) for (LiveFeed f : feeds) if (f.tenantId().equals(event.tenantId())) {
        f.pendingApproval(event.seq(), event.origin());
        readers.execute(() -> drain(f));
      }
      return;
    }
    if (event.kind() != ChatEvent.Kind.MESSAGES && event.kind() != ChatEvent.Kind.ENDED
        && !event.kind().isModeChange()) return;
    long upTo = event.kind().isModeChange() ? event.seq() : Long.MAX_VALUE; // the mode changed after seq - 1
    if (feeds != null) for (LiveFeed f : feeds) if (f.tenantId().equals(event.tenantId())) wake(f, upTo);
  }

  @Override
  public void resync() {
    byChat.values().forEach(feeds -> feeds.forEach(f -> wake(f, Long.MAX_VALUE)));
  }

  /** How many feeds are open here (tests). */
  public int openFeeds() {
    return byChat.values().stream().mapToInt(Set::size).sum();
  }

  /** Queues a catch-up (in order, so a mode change shows after the messages before it) and drains on a reader. */
  private void wake(LiveFeed live, long upTo) {
    live.pending(upTo);
    readers.execute(() -> drain(live));
  }

  private void drain(LiveFeed live) {
    try {
      live.drain();
    } catch (RuntimeException e) {
      LOG.warn("live feed of chat {} closed: {}", live.chatId(), e.getMessage()); // the client resumes from its last id
      live.close();
    }
    if (live.isClosed()) forget(live);
  }

  private void beat() {
    byChat.values().forEach(feeds -> feeds.forEach(LiveFeed::heartbeat));
  }

  private void forget(LiveFeed live) {
    Set<LiveFeed> feeds = byChat.get(live.chatId());
    if (feeds != null && feeds.remove(live)) {
      live.close();
      perTenant.get(live.tenantId()).decrementAndGet();
      byChat.computeIfPresent(live.chatId(), (c, s) -> s.isEmpty() ? null : s);
    }
  }

  @PreDestroy
  void stop() {
    ticker.shutdownNow();
    byChat.values().forEach(feeds -> feeds.forEach(LiveFeed::close));
    readers.shutdownNow();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
