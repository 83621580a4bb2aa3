package dev.parley.adapter.in.ws;

import dev.parley.application.port.out.WebChatRepository;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.webchat.WebIntegration;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web chats and sockets this instance serves. A chat's line lives while a socket or a running turn holds it;
 * one socket per chat at a time — a newer one takes over and the older is closed with a reason.
 */
@Singleton
public class ChatLines {
  private final Map<UUID, ChatLine> lines = new ConcurrentHashMap<>();
  private final Set<WebCallConnection> connections = ConcurrentHashMap.newKeySet();
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
  ChatLine attach(WebCallConnection connection, ChatSession session, WebIntegration integration, long minSeq, Long lastSeq) {
    long logged = ctx.frames.lastSeq(session.tenantId(), session.id()); // read outside the map's lock
    ChatLine line = lines.compute(session.id(), (id, existing) -> {
      ChatLine l = existing != null ? existing : new ChatLine(ctx, session.tenantId(), session.id(), integration, logged);
      l.hold();
      return l;
    });
    WebCallConnection replaced = line.attach(connection, integration, Math.max(minSeq, logged), lastSeq);
    if (replaced != null) {
      line.failPendingTools("the chat was taken over by a newer connection"); // the old socket cannot answer now
      replaced.takenOver();
    }
    return line;
  }

  void release(ChatLine line) {
    lines.computeIfPresent(line.chatId, (id, l) -> l != line || l.release() > 0 ? l : null);
  }

  /** Chats with a socket here and not yet ending, for the check that notices endings made elsewhere (TTL, REST). */
  List<WebChatRepository.ChatRef> watched() {
    List<WebChatRepository.ChatRef> refs = new ArrayList<>();
    for (ChatLine line : lines.values())
      if (!line.isEnding() && line.connection() != null) refs.add(new WebChatRepository.ChatRef(line.tenantId, line.chatId));
    return refs;
  }

  ChatLine line(UUID chatId) {
    return lines.get(chatId);
  }

  Set<WebCallConnection> connections() {
    return connections;
  }

  /** How many sockets are open here (for tests and metrics). */
  public int openSockets() {
    return connections.size();
  }
}
