package dev.parley.adapter.in.ws;

import dev.parley.application.port.in.WebChatFramesUseCase;
import dev.parley.adapter.in.ws.kernel.Batches;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventFeed;
import dev.parley.application.port.out.WebChatRepository;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings what happens to a chat anywhere — on this instance or another — to the socket that holds it here: new
 * transcript messages (a REST turn), endings (REST end, TTL sweeper, an agent's finish over REST), a revoked web
 * integration, and a resume on another instance (this socket lets go). Events come from the {@link ChatEventFeed}
 * (PostgreSQL LISTEN/NOTIFY); {@link #checkAll()} reads the same state from the database for every socket here, and
 * runs when the feed (re)connects and periodically as a fallback ({@link WebCallMaintenance}).
 *
 * <p>Event handlers run on the feed's thread and only queue work on the sockets' mailboxes.
 */
@Singleton
public class WebCallEvents implements ChatEventFeed.Listener, ApplicationEventListener<StartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(WebCallEvents.class);
  private static final String REVOKED = "the web integration of this chat was revoked; the socket closes";
  private static final String EXPIRED = "the web integration token expired; the socket closes";

  private final ChatLines lines;
  private final ChatEventFeed feed;
  private final WebChatFramesUseCase frames;
  private final WebCallContext ctx;
  private final dev.parley.application.port.in.GetPendingApprovalUseCase approvals;

  public WebCallEvents(ChatLines lines, ChatEventFeed feed, WebChatFramesUseCase frames, WebCallContext ctx,
                       dev.parley.application.port.in.GetPendingApprovalUseCase approvals) {
    this.approvals = approvals;
    this.lines = lines;
    this.feed = feed;
    this.frames = frames;
    this.ctx = ctx;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    feed.subscribe(this);
  }

  @Override
  public void onEvent(ChatEvent event) {
    switch (event.kind()) {
      case MESSAGES -> {
        ChatLine line = lines.line(event.id());
        WebCallConnection c = line == null ? null : line.connection();
        if (c != null && line.noticed(event.seq())) c.catchUp(event.seq()); // the socket's own turns cost nothing here
      }
      case HANDED_OFF, HANDED_BACK -> {
        ChatLine line = lines.line(event.id());
        WebCallConnection c = line == null ? null : line.connection();
        if (c != null && line.tenantId.equals(event.tenantId())) c.modeChanged(event.human());
      }
      case APPROVAL_REQUESTED -> {
        ChatLine line = lines.line(event.id());
        WebCallConnection c = line == null ? null : line.connection();
        if (c != null && line.tenantId.equals(event.tenantId()))
          c.approvalRequested(event.seq(), () -> approvals.pending(event.tenantId(), event.id())
              .filter(a -> a.id().equals(event.origin())));
      }
      case ENDED -> {
        ChatLine line = lines.line(event.id());
        WebCallConnection c = line == null ? null : line.connection();
        if (c != null && !line.isEnding()) c.checkEnded(); // an ending the socket made itself is over already
      }
      case INTEGRATION_REVOKED -> {
        for (WebCallConnection c : lines.connections()) {
          var integration = c.integration();
          if (integration != null && integration.id().equals(event.id()) && integration.tenantId().equals(event.tenantId()))
            c.tokenWithdrawn(WebCallErrors.TOKEN_REVOKED, REVOKED);
        }
      }
      case ATTACHED -> {
        if (lines.instanceId().equals(event.origin())) return; // our own takeover, already handled
        ChatLine line = lines.line(event.id());
        WebCallConnection c = line == null ? null : line.connection();
        if (c != null && line.tenantId.equals(event.tenantId()) && line.detach(c)) {
          line.tools().failPending("the chat was taken over by a newer connection");
          c.takenOver();
        }
      }
    }
  }

  @Override
  public void resync() {
    ctx.executor.execute(this::checkAll);
  }

  /**
   * Reads, for every socket here, whether its chat ended or its transcript grew, and whether its web integration was
   * revoked — one query per 1000 sockets — and acts as the events would have. Sockets whose token has expired
   * since it was checked are closed too ({@code token_expired}): expiry announces itself with no event.
   */
  public void checkAll() {
    closeExpired(); // from memory: also while the database is away
    try {
      List<WebChatRepository.ChatRef> watched = new ArrayList<>();
      Map<UUID, ChatLine> byChat = new HashMap<>();
      for (ChatLine line : lines.lines()) {
        if (line.isEnding() || line.connection() == null) continue;
        watched.add(new WebChatRepository.ChatRef(line.tenantId, line.chatId));
        byChat.put(line.chatId, line);
      }
      Batches.forEach(watched, batch -> {
        for (WebChatRepository.ChatState state : frames.states(batch)) {
          ChatLine line = byChat.get(state.chatId());
          WebCallConnection c = line == null ? null : line.connection();
          if (c == null) continue;
          if (state.isFinal()) c.checkEnded(); // catches up first
          else if (line.noticed(state.messageCount())) c.catchUp(state.messageCount());
        }
      });
      Set<WebChatRepository.IntegrationRef> integrations = new HashSet<>();
      for (WebCallConnection c : lines.connections()) {
        var integration = c.integration();
        if (integration != null) integrations.add(new WebChatRepository.IntegrationRef(integration.tenantId(), integration.id()));
      }
      List<WebChatRepository.IntegrationRef> all = new ArrayList<>(integrations);
      Set<UUID> revoked = new HashSet<>();
      Batches.forEach(all, batch -> revoked.addAll(frames.revokedAmong(batch)));
      if (!revoked.isEmpty()) {
        for (WebCallConnection c : lines.connections()) {
          var integration = c.integration();
          if (integration != null && revoked.contains(integration.id())) c.tokenWithdrawn(WebCallErrors.TOKEN_REVOKED, REVOKED);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("web chat check failed; it runs again shortly: {}", e.getMessage());
    }
  }

  private void closeExpired() {
    Instant now = ctx.clock.now();
    for (WebCallConnection c : lines.connections()) {
      var integration = c.integration();
      if (integration != null && integration.isExpiredAt(now)) c.tokenWithdrawn(WebCallErrors.TOKEN_EXPIRED, EXPIRED);
    }
  }
}
