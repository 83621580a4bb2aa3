package dev.parley.adapter.in.ws;

import dev.parley.application.port.out.ChatEvent;
import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.webchat.WebIntegration;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web chats and sockets this instance serves. A chat's line lives while a socket or a running turn holds it;
 * one socket per chat at a time — a newer one takes over and the older is closed with a reason.
 */
@Singleton
public class ChatLines {
  private static final Logger LOG = LoggerFactory.getLogger(ChatLines.class);
  private final Map<UUID, ChatLine> lines = new ConcurrentHashMap<>();
  private final Set<WebCallConnection> connections = ConcurrentHashMap.newKeySet();
  private final UUID instanceId = UUID.randomUUID();
  private final WebCallContext ctx;

  public ChatLines(WebCallContext ctx) {
    this.ctx = ctx;
  }

  void register(WebCallConnection connection) {
    connections.add(connection);
  }

  void unregister(WebCallConnection connection) {
    connections.remove(connection);
  }

  /** Binds the socket to the chat (replaying logged frames after {@code lastSeq}); the caller must release it once. */
  ChatLine attach(WebCallConnection connection, SessionHeader session, WebIntegration integration, long minSeq, Long lastSeq) {
    long logged = ctx.frames.lastSeq(session.tenantId(), session.id()); // read outside the map's lock
    int sent = ctx.frames.messagesSent(session.tenantId(), session.id());
    ChatLine line = lines.compute(session.id(), (id, existing) -> {
      ChatLine l = existing != null ? existing : new ChatLine(ctx, session.tenantId(), session.id(), integration, logged, sent);
      l.hold();
      return l;
    });
    WebCallConnection replaced;
    try {
      replaced = line.attach(connection, integration, Math.max(minSeq, logged), lastSeq).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e; // a replay that could not be read (an outage)
    }
    if (replaced != null) {
      line.tools().failPending("the chat was taken over by a newer connection"); // the old socket cannot answer now
      replaced.takenOver();
    }
    return line;
  }

  /** A socket here resumed the chat: a socket of it on another instance lets go ({@link WebCallEvents}). */
  void announceResume(ChatLine line) {
    try {
      ctx.events.publish(ChatEvent.attached(line.tenantId, line.chatId, instanceId));
    } catch (RuntimeException e) {
      LOG.warn("web chat {}: other instances not told of the resume: {}", line.chatId, e.getMessage());
    }
  }

  void release(ChatLine line) {
    lines.computeIfPresent(line.chatId, (id, l) -> l != line || l.release() > 0 ? l : null);
  }

  ChatLine line(UUID chatId) {
    return lines.get(chatId);
  }

  /** Every chat line this instance holds. */
  Collection<ChatLine> lines() {
    return lines.values();
  }

  /** This process's id in {@code ATTACHED} events, so it can tell its own takeovers from other instances'. */
  UUID instanceId() {
    return instanceId;
  }

  Set<WebCallConnection> connections() {
    return connections;
  }

  /** How many sockets are open here (for tests and metrics). */
  public int openSockets() {
    return connections.size();
  }
}
