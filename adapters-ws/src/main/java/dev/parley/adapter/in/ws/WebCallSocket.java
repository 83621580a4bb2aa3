package dev.parley.adapter.in.ws;

import dev.parley.adapter.in.ws.kernel.SocketWire;
import dev.parley.adapter.in.ws.kernel.SocketWriter;
import dev.parley.application.port.out.RateLimiter;
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
 * {@code /api/v1/ws/webCall?token=...}: seed 05's web chat socket. The upgrade is always accepted — a browser cannot
 * read why a handshake was refused — and credential problems are reported as an {@code error} frame followed by
 * close code 1008. These handlers run on the Netty event loop and only hand work to the connection's mailbox.
 * Tokens arrive in the query string and are never logged.
 */
@ServerWebSocket("/api/v1/ws/webCall")
public class WebCallSocket {
  private static final Logger LOG = LoggerFactory.getLogger(WebCallSocket.class);
  private static final String CONNECTION = "parley.webcall.connection";

  private final WebCallContext ctx;
  private final ChatLines lines;

  public WebCallSocket(WebCallContext ctx, ChatLines lines) {
    this.ctx = ctx;
    this.lines = lines;
  }

  @OnOpen
  public void onOpen(WebSocketSession session, HttpRequest<?> request) {
    SocketWriter writer = new SocketWriter(SocketWire.of(session), ctx.settings.maxUnreadFrames(), ctx.settings.closeGrace(), ctx.executor);
    WebCallConnection connection = new WebCallConnection(ctx, lines, writer, new WebCallConnection.Handshake(
        request.getParameters().get("token"), request.getHeaders().get("Origin"), request.getParameters().get("resume"),
        RateLimiter.forAddress(ctx.clientAddresses.clientAddress(request.getRemoteAddress().getAddress(), request.getHeaders()::getAll))));
    session.put(CONNECTION, connection);
    connection.opened();
  }

  // Netty accepts frames up to the ceiling; the connection answers anything above the configured limit (64 KiB)
  // with an error frame and keeps the socket, as the hosted system does.
  @OnMessage(maxPayloadLength = WebCallSettings.NETTY_FRAME_CEILING)
  public void onMessage(String message, WebSocketSession session) {
    connection(session).ifPresent(c -> c.received(message));
  }

  @OnClose
  public void onClose(WebSocketSession session) {
    connection(session).ifPresent(WebCallConnection::closed);
  }

  @OnError
  public void onError(WebSocketSession session, Throwable error) {
    LOG.debug("webCall socket error: {}", error.toString());
  }

  private static Optional<WebCallConnection> connection(WebSocketSession session) {
    return session.get(CONNECTION, WebCallConnection.class);
  }
}
