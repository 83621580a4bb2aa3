package dev.parley.adapter.in.ws.vendor;

import dev.parley.adapter.in.ws.kernel.Batches;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventFeed;
import dev.parley.application.port.out.WebChatRepository;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings what happens to a chat anywhere to the {@code /ws/chat} sockets that hold it here, as {@code WebCallEvents}
 * does for webCall: new transcript messages (a REST turn, another socket or instance) and endings (REST end, TTL, an
 * agent's finish elsewhere). Events come from the {@link ChatEventFeed} (PostgreSQL LISTEN/NOTIFY); {@link #checkAll()}
 * reads the same from the database for every socket here, when the feed (re)connects and periodically
 * ({@link VendorChatMaintenance}). Handlers run on the feed's thread and only queue work on the sockets' mailboxes.
 */
@Singleton
public class VendorChatEvents implements ChatEventFeed.Listener, ApplicationEventListener<StartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(VendorChatEvents.class);

  private final VendorChatContext ctx;
  private final ChatEventFeed feed;

  private final dev.parley.application.port.in.GetPendingApprovalUseCase approvals;

  public VendorChatEvents(VendorChatContext ctx, ChatEventFeed feed,
                          dev.parley.application.port.in.GetPendingApprovalUseCase approvals) {
    this.approvals = approvals;
    this.ctx = ctx;
    this.feed = feed;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    feed.subscribe(this);
  }

  @Override
  public void onEvent(ChatEvent event) {
    if (event.kind().isModeChange()) {
      for (VendorChatConnection c : ctx.on(event.id()))
        if (event.tenantId().equals(c.tenantId())) c.modeChanged(event.human());
      return;
    }
    if (event.kind() == ChatEvent.Kind.APPROVAL_REQUESTED) {
      for (VendorChatConnection c : ctx.on(event.id()))
        if (event.tenantId().equals(c.tenantId()))
          c.approvalRequested(event.seq(), () -> approvals.pending(event.tenantId(), event.id())
              .filter(a -> a.id().equals(event.origin())));
      return;
    }
    if (event.kind() != ChatEvent.Kind.MESSAGES && event.kind() != ChatEvent.Kind.ENDED) return;
    for (VendorChatConnection c : ctx.on(event.id())) {
      if (!event.tenantId().equals(c.tenantId())) continue;
      if (event.kind() == ChatEvent.Kind.ENDED) c.checkEnded(); // shows the last messages first
      else c.noticed(event.seq());
    }
  }

  @Override
  public void resync() {
    ctx.executor.execute(this::checkAll);
  }

  /** Reads, for every socket here, whether its chat ended or its transcript grew — one query per 1000 chats. */
  public void checkAll() {
    try {
      Set<WebChatRepository.ChatRef> watched = new LinkedHashSet<>();
      for (VendorChatConnection c : ctx.open)
        if (c.state() == VendorChatConnection.State.READY) watched.add(new WebChatRepository.ChatRef(c.tenantId(), c.chatId()));
      List<WebChatRepository.ChatRef> all = new ArrayList<>(watched);
      Batches.forEach(all, batch -> {
        for (WebChatRepository.ChatState state : ctx.frames.states(batch)) {
          for (VendorChatConnection c : ctx.on(state.chatId())) {
            if (state.isFinal()) c.checkEnded();
            else c.noticed(state.messageCount());
          }
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("/ws/chat check failed; it runs again shortly: {}", e.getMessage());
    }
  }
}
