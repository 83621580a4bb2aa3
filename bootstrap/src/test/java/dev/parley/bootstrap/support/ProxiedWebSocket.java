package dev.parley.bootstrap.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.bootstrap.support.AsyncApiContract.Direction;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One WebSocket relayed by {@link ValidatingProxy}: the client's upgrade is answered only once the server accepted
 * the same upgrade (the JDK's WebSocket client), then text frames are relayed both ways, each checked against the
 * socket's served AsyncAPI document. A client frame that breaks the document is a violation unless the server
 * refuses it (its next frame is an error frame), just as a refused HTTP request is not held to the OpenAPI document:
 * client suites send malformed frames on purpose, and then it is the refusal that must match the document.
 */
final class ProxiedWebSocket extends SimpleChannelInboundHandler<WebSocketFrame> implements WebSocket.Listener {
  private static final ObjectMapper JSON = new ObjectMapper();
  // set by the JDK's WebSocket client itself, or hop-by-hop
  private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "upgrade", "content-length",
      "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol");
  private final ValidatingProxy proxy;
  private final AsyncApiContract contract;
  private final String path;
  private final StringBuilder partial = new StringBuilder();
  private ChannelHandlerContext client;
  private WebSocket server;
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
  private String unrefused;
  private volatile boolean serverClosed; // the last client frame that broke the document, until the server refuses it

  private ProxiedWebSocket(ValidatingProxy proxy, AsyncApiContract contract, String path) {
    this.proxy = proxy;
    this.contract = contract;
    this.path = path;
  }

  static void open(ValidatingProxy proxy, ChannelHandlerContext ctx, FullHttpRequest upgrade, URI target, HttpClient http) {
    URI uri = URI.create(target.toString().replaceFirst("^http", "ws").replaceFirst("/$", "") + upgrade.uri());
    AsyncApiContract contract = AsyncApiContract.servedBy(target, uri.getRawPath());
    if (contract == null) proxy.violation("a WebSocket upgrade of " + uri.getRawPath() + ", which no AsyncAPI document describes");
    ProxiedWebSocket relay = new ProxiedWebSocket(proxy, contract, uri.getRawPath());
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    for (String name : upgrade.headers().names())
      if (!NOT_FORWARDED.contains(name.toLowerCase())) upgrade.headers().getAll(name).forEach(v -> builder.header(name, v));
    String protocols = upgrade.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
    if (protocols != null) {
      String[] offered = protocols.split("\\s*,\\s*");
      builder.subprotocols(offered[0], java.util.Arrays.copyOfRange(offered, 1, offered.length));
    }
    builder.buildAsync(uri, relay).whenComplete((socket, failure) -> ctx.executor().execute(() -> {
      try {
        if (failure == null) relay.accept(ctx, upgrade, socket);
        else refuse(ctx, failure);
      } finally {
        upgrade.release();
      }
    }));
  }

  /** The server accepted: accept the client's upgrade the same way and start relaying. */
  private void accept(ChannelHandlerContext ctx, FullHttpRequest upgrade, WebSocket socket) {
    String url = "ws://" + upgrade.headers().get(HttpHeaderNames.HOST, "127.0.0.1") + upgrade.uri();
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url,
        socket.getSubprotocol().isEmpty() ? null : socket.getSubprotocol(), true, 1 << 20).newHandshaker(upgrade);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      socket.abort();
      return;
    }
    this.server = socket;
    var pipeline = ctx.pipeline();
    handshaker.handshake(ctx.channel(), upgrade).addListener(done -> {
      if (!done.isSuccess()) {
        socket.abort();
        return;
      }
      pipeline.addLast(new WebSocketFrameAggregator(1 << 20), this);
      pipeline.remove(ctx.handler()); // the HTTP exchanges' handler: the connection speaks WebSocket now
      client = pipeline.context(this);
      ctx.channel().config().setAutoRead(true);
      socket.request(1);
    });
  }

  /** The server refused the upgrade: the client gets the same status (the JDK reports it), or 502. */
  private static void refuse(ChannelHandlerContext ctx, Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
    int status = cause instanceof WebSocketHandshakeException h ? h.getResponse().statusCode() : 502;
    byte[] body = cause instanceof WebSocketHandshakeException h && h.getResponse().body() instanceof String s
        ? s.getBytes(StandardCharsets.UTF_8) : new byte[0];
    FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.wrappedBuffer(body));
    HttpUtil.setContentLength(out, body.length);
    ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
  }

  // client -> server (Netty's event loop)
  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame text) {
      String body = text.text();
      List<String> broken = check(Direction.CLIENT_TO_SERVER, body);
      synchronized (this) {
        settleUnrefused();
        if (!broken.isEmpty()) unrefused = "a client frame on " + path + " breaks the document and the server did not refuse it: "
            + String.join("; ", broken) + "\n  frame: " + body;
      }
      relay(() -> server.sendText(body, true));
    } else if (frame instanceof BinaryWebSocketFrame binary) {
      byte[] bytes = new byte[binary.content().readableBytes()];
      binary.content().readBytes(bytes);
      relay(() -> server.sendBinary(ByteBuffer.wrap(bytes), true));
    } else if (frame instanceof PingWebSocketFrame ping) {
      ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
    } else if (frame instanceof CloseWebSocketFrame close) {
      if (serverClosed) {
        ctx.close(); // the client's answer to the server's close
        return;
      }
      int code = close.statusCode() < 0 ? WebSocket.NORMAL_CLOSURE : close.statusCode();
      String reason = close.reasonText();
      relay(() -> server.sendClose(code, reason));
    }
  }

  private synchronized void relay(java.util.function.Supplier<CompletableFuture<WebSocket>> send) {
    sending = sending.thenCompose(x -> send.get()).exceptionally(e -> null); // the JDK sends one frame at a time
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    synchronized (this) {
      settleUnrefused();
    }
    if (server != null && !server.isOutputClosed()) relay(() -> server.sendClose(1001, "the client left"));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  // server -> client (the JDK client's thread)
  @Override
  public void onOpen(WebSocket webSocket) {
    // no request(1) yet: frames are taken once the client's upgrade is answered
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (!last) {
      webSocket.request(1);
      return null;
    }
    String body = partial.toString();
    partial.setLength(0);
    List<String> broken = check(Direction.SERVER_TO_CLIENT, body);
    for (String b : broken) proxy.violation("a server frame on " + path + " breaks the document: " + b + "\n  frame: " + body);
    if (broken.isEmpty() && isError(body)) synchronized (this) {
      unrefused = null; // the server refused the client's last frame, in a documented error frame
    }
    client.writeAndFlush(new TextWebSocketFrame(body)).addListener(f -> webSocket.request(1));
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    proxy.violation("the server sent a binary frame on " + path + "; the documents describe JSON text frames only");
    client.writeAndFlush(new BinaryWebSocketFrame(Unpooled.copiedBuffer(data))).addListener(f -> webSocket.request(1));
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    synchronized (this) {
      settleUnrefused();
    }
    serverClosed = true;
    client.writeAndFlush(new CloseWebSocketFrame(statusCode, reason)); // the channel closes on the client's answer
    client.executor().schedule(() -> client.close(), 2, java.util.concurrent.TimeUnit.SECONDS); // or soon without one
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    if (client != null) client.close();
  }

  private void settleUnrefused() {
    if (unrefused != null) proxy.violation(unrefused);
    unrefused = null;
  }

  private List<String> check(Direction direction, String text) {
    proxy.frameChecked();
    if (contract == null) return List.of();
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (java.io.IOException e) {
      return List.of("it is not JSON");
    }
    return contract.violations(direction, frame);
  }

  private static boolean isError(String text) {
    try {
      JsonNode frame = JSON.readTree(text);
      return "error".equals(frame.path("type").asText()) || "error".equals(frame.path("event_type").asText());
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
