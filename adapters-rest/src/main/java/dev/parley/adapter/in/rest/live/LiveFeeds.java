package dev.parley.adapter.in.rest.live;

import dev.parley.application.policy.WireNames;
import dev.parley.application.port.in.GetChatSessionUseCase;
import dev.parley.application.port.in.GetPendingApprovalUseCase;
import dev.parley.application.port.in.ListChatMessagesUseCase;
import dev.parley.application.port.in.ReadChatEventsUseCase;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventFeed;
import dev.parley.domain.session.ChatSession;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.sse.Event;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import org.reactivestreams.Publisher;

/**
 * The live chat feeds this instance serves. Chat events from every instance (LISTEN/NOTIFY) wake the feeds of their
 * chat, which read what they missed from the store; a resync (the event connection came back) wakes them all.
 * Bounded: at most {@code parley.live.max-streams-per-tenant} open feeds per tenant on this instance.
 */
@Singleton
public class LiveFeeds extends FeedRegistry<LiveFeed> {
  private final ListChatMessagesUseCase messages;
  private final GetChatSessionUseCase chats;
  private final ReadChatEventsUseCase log;
  private final GetPendingApprovalUseCase approvals;

  public LiveFeeds(ChatEventFeed feed, ListChatMessagesUseCase messages, GetChatSessionUseCase chats, ReadChatEventsUseCase log,
                   @Value("${parley.live.heartbeat:15s}") Duration heartbeat,
                   @Value("${parley.live.retry:3s}") Duration retry,
                   @Value("${parley.live.max-streams-per-tenant:20}") int maxPerTenant,
                   GetPendingApprovalUseCase approvals) {
    super("live", feed, heartbeat, retry, maxPerTenant, LiveFeed::chatId);
    this.approvals = approvals;
    this.messages = messages;
    this.chats = chats;
    this.log = log;
  }

  /**
   * Opens the feed of a chat of {@code tenantId} (404 for another tenant's), sending the messages after
   * {@code lastSeq} (-1: the whole transcript). Null when the tenant has as many feeds open as it may.
   */
  public Publisher<Event<Object>> open(UUID tenantId, UUID chatId, long lastSeq) {
    ChatSession chat = chats.get(tenantId, chatId); // NotFoundException: unknown here
    return open(tenantId, readers -> new LiveFeed(readers, tenantId, chatId, lastSeq + 1, WireNames.of(chat.mode()), messages,
        chats, log, log.lastId(tenantId), approvals), live -> wake(live, Long.MAX_VALUE));
  }

  @Override
  public void onEvent(ChatEvent event) {
    if (event.kind() == ChatEvent.Kind.LOGGED) {
      forEachOfChat(event, f -> {
        f.turnsDue(event.seq());
        drainLater(f);
      });
      return;
    }
    if (event.kind() == ChatEvent.Kind.APPROVAL_REQUESTED) { // after the messages before it, if it still waits then
      forEachOfChat(event, f -> {
        f.pendingApproval(event.seq(), event.origin());
        drainLater(f);
      });
      return;
    }
    if (event.kind() != ChatEvent.Kind.MESSAGES && event.kind() != ChatEvent.Kind.ENDED
        && !event.kind().isModeChange()) return;
    long upTo = event.kind().isModeChange() ? event.seq() : Long.MAX_VALUE; // the mode changed after seq - 1
    forEachOfChat(event, f -> wake(f, upTo));
  }

  @Override
  public void resync() {
    forEachFeed(f -> wake(f, Long.MAX_VALUE));
  }

  private void forEachOfChat(ChatEvent event, java.util.function.Consumer<LiveFeed> action) {
    for (LiveFeed f : feedsOf(event.id())) if (f.tenantId().equals(event.tenantId())) action.accept(f);
  }

  /** Queues a catch-up (in order, so a mode change shows after the messages before it) and drains on a reader. */
  private void wake(LiveFeed live, long upTo) {
    live.pending(upTo);
    drainLater(live);
  }
}
