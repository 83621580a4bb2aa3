package dev.parley.bootstrap.support;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxy on loopback in front of a Parley server that checks all traffic against the documents that server serves:
 * every HTTP exchange against its OpenAPI document ({@link OpenApiTraffic}, the same check as the API tests), and
 * every WebSocket frame, both ways, against its AsyncAPI documents ({@link ProxiedWebSocket}). WebSocket upgrades are
 * relayed for real: the upstream socket is opened first, then the client's upgrade is accepted (or refused with the
 * server's own answer). Mismatches are collected and printed, never fixed up. For running an outside client suite
 * through (ConformanceSuiteTest; by hand: {@code ValidatingProxy <listen-port> <target-url>}).
 */
public final class ValidatingProxy implements AutoCloseable {
  private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "transfer-encoding",
      "upgrade", "expect", "keep-alive", "accept-encoding"); // answers are checked as sent: uncompressed
  private final URI target;
  private final OpenApiTraffic check;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final AtomicInteger exchanges = new AtomicInteger();
  private final AtomicInteger frames = new AtomicInteger();
  private final Channel listener;

  private ValidatingProxy(URI target, int port) throws InterruptedException {
    this.target = target;
    this.check = OpenApiTraffic.servedBy(target);
    this.listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024 * 1024), new Exchanges());
          }
        }).bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
  }

  /** A proxy on a free loopback port in front of the server at {@code target}. */
  public static ValidatingProxy start(URI target) {
    try {
      return new ValidatingProxy(target, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) throws InterruptedException {
    ValidatingProxy proxy = new ValidatingProxy(URI.create(args[1]), Integer.parseInt(args[0]));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("PROXY SUMMARY exchanges="
        + proxy.exchanges() + " frames=" + proxy.frames() + " violations=" + proxy.violations().size())));
    System.out.println("validating proxy on " + proxy.uri() + " -> " + proxy.target);
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort());
  }

  /** Every mismatch seen so far, in either direction, HTTP or WebSocket. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** HTTP exchanges relayed and checked. */
  public int exchanges() {
    return exchanges.get();
  }

  /** WebSocket frames relayed and checked, both ways. */
  public int frames() {
    return frames.get();
  }

  void violation(String message) {
    violations.add(message);
    System.out.println("VIOLATION " + message);
  }

  void frameChecked() {
    frames.incrementAndGet();
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** One client connection: its requests one at a time (reads pause while one is upstream), or a WebSocket upgrade. */
  private final class Exchanges extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      ctx.channel().config().setAutoRead(false);
      if (HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE, ""))) {
        ProxiedWebSocket.open(ValidatingProxy.this, ctx, request.retain(), target, client);
        return;
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      String method = request.method().name();
      URI uri = target.resolve(request.uri());
      byte[] body = new byte[request.content().readableBytes()];
      request.content().readBytes(body);
      HttpRequest.Builder upstream = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
          .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      Map<String, String> sent = new LinkedHashMap<>();
      for (String name : request.headers().names()) {
        if (NOT_FORWARDED.contains(name.toLowerCase())) continue;
        List<String> values = request.headers().getAll(name);
        values.forEach(v -> upstream.header(name, v));
        sent.put(name, String.join(",", values));
      }
      client.sendAsync(upstream.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) ->
          ctx.executor().execute(() -> answer(ctx, keepAlive, method, uri, sent, body, response, failure)));
    }

    private void answer(ChannelHandlerContext ctx, boolean keepAlive, String method, URI uri, Map<String, String> sent,
                        byte[] body, HttpResponse<byte[]> response, Throwable failure) {
      FullHttpResponse out;
      if (failure != null) {
        violation("the server did not answer " + method + " " + uri.getRawPath() + ": " + failure);
        out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY);
      } else {
        exchanges.incrementAndGet();
        try {
          check.check(method, uri, sent, body.length == 0 ? null : new String(body, StandardCharsets.UTF_8), true,
              response.statusCode(), response.headers().map(), new String(response.body(), StandardCharsets.UTF_8));
        } catch (AssertionError mismatch) {
          violation(mismatch.getMessage());
        }
        out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.statusCode()),
            Unpooled.wrappedBuffer(response.body()));
        response.headers().map().forEach((name, values) -> {
          if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) out.headers().add(name, values);
        });
      }
      HttpUtil.setContentLength(out, out.content().readableBytes());
      HttpUtil.setKeepAlive(out, keepAlive);
      var written = ctx.writeAndFlush(out);
      if (keepAlive) written.addListener(f -> ctx.channel().config().setAutoRead(true));
      else written.addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
