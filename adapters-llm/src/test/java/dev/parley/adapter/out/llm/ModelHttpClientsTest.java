package dev.parley.adapter.out.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model calls to an https endpoint multiplex over HTTP/2 (a burst on a cold client shares one connection, not one per
 * call) and spread over more connections only when the server's SETTINGS_MAX_CONCURRENT_STREAMS is reached. Against a Netty HTTP/2-over-TLS server on loopback that answers nothing until every expected call has arrived
 * (so all are in flight at once).
 */
class ModelHttpClientsTest {
  private static volatile int maxStreams = 100;

  @TempDir static Path dir;
  private static EventLoopGroup group;
  private static Channel server;
  private static SSLContext clientTls;
  private static final AtomicInteger connections = new AtomicInteger();
  private static final AtomicInteger h2Streams = new AtomicInteger();
  private static final AtomicReference<CompletableFuture<Void>> allArrived = new AtomicReference<>();
  private static final AtomicInteger expected = new AtomicInteger();
  private static final AtomicInteger arrived = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    Path store = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit").redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "changeit".toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", keys.getCertificate("server"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);

    SslContext ssl = SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK)
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)).build();
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.incrementAndGet();
            ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
              @Override
              protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (!ApplicationProtocolNames.HTTP_2.equals(protocol)) { // a client that pinned HTTP/1.1 gets nothing
                  ctx.close();
                  return;
                }
                ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer()
                        .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(maxStreams)).build(),
                    new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                      @Override
                      protected void initChannel(Channel stream) {
                        stream.pipeline().addLast(new HeldAnswer());
                      }
                    }));
              }
            });
          }
        }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close().sync();
    if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  /** Answers a stream's request once every call the test expects has arrived. */
  private static final class HeldAnswer extends SimpleChannelInboundHandler<Http2StreamFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
      boolean end = frame instanceof Http2HeadersFrame h ? h.isEndStream() : frame instanceof Http2DataFrame d && d.isEndStream();
      if (frame instanceof Http2HeadersFrame) h2Streams.incrementAndGet();
      if (!end) return;
      if (arrived.incrementAndGet() >= expected.get()) allArrived.get().complete(null);
      allArrived.get().thenRun(() -> ctx.channel().eventLoop().execute(() -> {
        ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200").set("content-type", "application/json")));
        ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("{\"ok\":true}\n", StandardCharsets.UTF_8), true));
      }));
    }
  }

  private static URI uri() {
    return URI.create("https://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/v1/chat/completions");
  }

  /** Sends {@code calls} calls at once and expects each answered over HTTP/2; the server answers once all arrived. */
  private static void burst(ModelHttpClients clients, int calls) throws Exception {
    expected.set(calls);
    arrived.set(0);
    allArrived.set(new CompletableFuture<>());
    ExecutorService callers = Executors.newFixedThreadPool(calls);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        answers.add(callers.submit(() -> {
          ModelHttpClients.Response response = clients.send(uri(), HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(20)),
              "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20));
          return response.info().version() + " " + response.info().statusCode() + " " + response.lines().nextLine(Duration.ofSeconds(5));
        }));
      }
      for (Future<String> answer : answers) assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("HTTP_2 200 {\"ok\":true}");
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aBurstOnAColdClientSharesOneConnection() throws Exception {
    maxStreams = 100;
    connections.set(0);
    h2Streams.set(0);
    // without the wait for the first handshake, java.net.http opens a connection per call here
    burst(new ModelHttpClients(Duration.ofSeconds(10), clientTls), 8);
    assertThat(h2Streams.get()).isEqualTo(8);
    assertThat(connections.get()).isEqualTo(1);
  }

  @Test
  void callsPastTheServersStreamLimitGoToAnotherConnection() throws Exception {
    maxStreams = 2;
    connections.set(0);
    ModelHttpClients clients = new ModelHttpClients(Duration.ofSeconds(10), clientTls);
    burst(clients, 1); // a warm connection: both sides' SETTINGS have been exchanged
    h2Streams.set(0);
    burst(clients, 3 * maxStreams); // java.net.http alone fails the calls past 2 with "too many concurrent streams"
    assertThat(h2Streams.get()).isEqualTo(3 * maxStreams);
    // 3 at most (2 calls each); 2 when the new connection's calls went out before its SETTINGS arrived (the Netty
    // server enforces its limit only once the client acknowledged them)
    assertThat(connections.get()).isBetween(2, 3);
    assertThat(clients.lanes()).isEqualTo(connections.get());
  }

  @Test
  void aPlainHttpEndpointIsCalledOverHttp11WithoutAnH2cUpgrade() throws Exception {
    HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicReference<String> seen = new AtomicReference<>();
    plain.createContext("/", exchange -> {
      seen.set(exchange.getProtocol() + " upgrade=" + exchange.getRequestHeaders().getFirst("Upgrade"));
      exchange.getRequestBody().readAllBytes();
      byte[] body = "{}\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    plain.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + plain.getAddress().getPort() + "/v1/chat/completions");
      ModelHttpClients.Response response = new ModelHttpClients(Duration.ofSeconds(5))
          .send(uri, HttpRequest.newBuilder(uri), "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
      assertThat(response.info().version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(seen.get()).isEqualTo("HTTP/1.1 upgrade=null");
    } finally {
      plain.stop(0);
    }
  }
}
