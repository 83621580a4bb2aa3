package dev.parley.adapter.in.ws.vendor;

import dev.parley.adapter.in.ws.WebCallSettings;
import dev.parley.adapter.in.ws.kernel.SocketWire;
import dev.parley.adapter.in.ws.kernel.SocketWriter;
import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnError;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/chat}: the multi-tenant vendor's real-time chat socket (docs/websocket.md). Credentials come as query
 * parameters {@code api_key}, {@code user_id}, {@code chat_id} or as the headers {@code X-API-Key}, {@code X-User-ID},
 * {@code X-Chat-ID}. The upgrade is always accepted — a browser cannot read why a handshake was refused — and
 * credential problems are an {@code error} event followed by close code 1008. These handlers run on the Netty event
 * loop and only hand work to the connection's mailbox. Keys arrive in the query string and are never logged.
 */
@ServerWebSocket("/ws/chat")
public class VendorChatSocket {
  private static final Logger LOG = LoggerFactory.getLogger(VendorChatSocket.class);
  private static final String CONNECTION = "parley.vendorchat.connection";

  private final VendorChatContext ctx;

  public VendorChatSocket(VendorChatContext ctx) {
    this.ctx = ctx;
  }

  @OnOpen
  public void onOpen(WebSocketSession session, HttpRequest<?> request) {
    SocketWriter writer = new SocketWriter(SocketWire.of(session), ctx.settings.maxUnreadFrames(), ctx.settings.closeGrace(), ctx.executor);
    VendorChatConnection connection = new VendorChatConnection(ctx, writer, new VendorChatConnection.Credentials(
        credential(request, "api_key", "X-API-Key"), credential(request, "user_id", "X-User-ID"),
        credential(request, "chat_id", "X-Chat-ID"),
        ctx.clientAddresses.clientAddress(request.getRemoteAddress().getAddress(), request.getHeaders()::getAll)));
    session.put(CONNECTION, connection);
    connection.opened();
  }

  // Netty accepts frames up to the ceiling; the connection answers anything above the configured limit (64 KiB)
  // with an error event and keeps the socket.
  @OnMessage(maxPayloadLength = WebCallSettings.NETTY_FRAME_CEILING)
  public void onMessage(String message, WebSocketSession session) {
    connection(session).ifPresent(c -> c.received(message));
  }

  @OnClose
  public void onClose(WebSocketSession session) {
    connection(session).ifPresent(VendorChatConnection::closed);
  }

  @OnError
  public void onError(WebSocketSession session, Throwable error) {
    LOG.debug("/ws/chat socket error: {}", error.toString());
  }

  /** The query parameter if present and not blank, else the header. */
  private static String credential(HttpRequest<?> request, String parameter, String header) {
    String value = request.getParameters().get(parameter);
    return value != null && !value.isBlank() ? value : request.getHeaders().get(header);
  }

  private static Optional<VendorChatConnection> connection(WebSocketSession session) {
    return session.get(CONNECTION, VendorChatConnection.class);
  }
}
