package dev.parley.adapter.out.llm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * The HTTP clients of one model connection. An https endpoint is asked for HTTP/2 (ALPN; HTTP/1.1 when the server
 * offers only that): one connection multiplexes every call in flight, so thousands of turns waiting on a hosted model
 * hold a handful of sockets instead of one each. Plain http endpoints (llama.cpp, Ollama, vLLM on a private network)
 * stay on HTTP/1.1: not all of them cope with an h2c upgrade.
 *
 * <p>Two habits of java.net.http (JDK 17 and 25 alike) shape this class. Once a connection carries the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS it fails further requests with "too many concurrent streams" instead of opening
 * another connection; such a request was never sent, so it moves to the next <em>lane</em> (a client of its own, hence
 * a connection of its own), made on demand up to {@link #MAX_LANES}. And while a lane's first connection to a host is
 * still handshaking, every other request opens a connection of its own (a burst at start-up would open thousands); so
 * a lane's first request to a host goes alone, and the others wait (at most the connect timeout) until its connection
 * is up, which is when the client starts sending its body.
 */
final class ModelHttpClients {
  /** Lanes per connection: at 100 streams each (a common server limit) 12,800 calls in flight. */
  static final int MAX_LANES = 128;
  /**
   * The client's refusal past the server's stream limit, and the server's own (RST_STREAM REFUSED_STREAM: it may come
   * for streams opened before the server's SETTINGS arrived, and the RFC guarantees such a stream did no work).
   */
  private static final List<String> REFUSED_STREAM = List.of("too many concurrent streams", "REFUSED_STREAM");

  /** The response's status and headers, and its body as lines. */
  record Response(HttpResponse.ResponseInfo info, LineQueue lines) {}

  private record Lane(HttpClient client, Map<String, CompletableFuture<Void>> connected) {}

  private final Duration connectTimeout;
  private final SSLContext tls;
  private final List<Lane> lanes = new CopyOnWriteArrayList<>();

  ModelHttpClients(Duration connectTimeout) {
    this(connectTimeout, null);
  }

  /** With {@code tls} null, the JDK's default (its trust store, or the one {@code javax.net.ssl.trustStore} names). */
  ModelHttpClients(Duration connectTimeout, SSLContext tls) {
    this.connectTimeout = connectTimeout;
    this.tls = tls;
  }

  /** Whether a call to {@code uri} asks for HTTP/2. */
  static boolean multiplexed(URI uri) {
    return "https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT));
  }

  /**
   * POSTs {@code body} as the request {@code builder} (made for {@code uri}) describes and waits (at most
   * {@code timeout}) for the response headers. An IOException is the exchange's failure, for the caller to retry or report.
   */
  Response send(URI uri, HttpRequest.Builder builder, byte[] body, Duration timeout) throws IOException, InterruptedException {
    boolean h2 = multiplexed(uri);
    if (!h2) builder.version(HttpClient.Version.HTTP_1_1);
    String authority = uri.getScheme() + "://" + uri.getRawAuthority();
    for (int index = 0; ; index++) {
      Lane lane = lane(index);
      CompletableFuture<Void> connected = null;
      if (h2) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> first = lane.connected().putIfAbsent(authority, mine);
        if (first == null) connected = mine;
        else awaitConnected(first);
      }
      LineQueue lines = new LineQueue();
      HttpRequest request = builder.POST(new SignallingBody(body, connected)).build();
      CompletableFuture<Void> signal = connected;
      lane.client().sendAsync(request, lines).whenComplete((r, error) -> {
        if (error != null) lines.fail(error);
        if (signal != null) signal.complete(null); // a failed first call lets the others try for themselves
      });
      try {
        return new Response(lines.awaitResponse(timeout), lines);
      } catch (IOException | InterruptedException | RuntimeException e) {
        lines.cancel();
        if (signal != null) {
          signal.complete(null);
          lane.connected().remove(authority, signal); // the next call on this lane to that host goes first again
        }
        if (!(e instanceof IOException io && refused(io)) || index + 1 >= MAX_LANES) throw e;
      }
    }
  }

  /** Lanes in use, for tests and diagnostics. */
  int lanes() {
    return lanes.size();
  }

  private Lane lane(int index) {
    if (index < lanes.size()) return lanes.get(index);
    synchronized (lanes) {
      while (lanes.size() <= index) {
        // made on first use: a client initialises the JDK's TLS context and starts a selector thread, which server
        // start-up need not wait for (bench/analysis.md); no redirects followed
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_2)
            .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) client.sslContext(tls);
        lanes.add(new Lane(client.build(), new ConcurrentHashMap<>()));
      }
      return lanes.get(index);
    }
  }

  private void awaitConnected(CompletableFuture<Void> first) throws InterruptedException {
    try {
      first.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // go anyway: the worst case is a connection of its own, as without the wait
    }
  }

  private static boolean refused(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause())
      if (t.getMessage() != null && REFUSED_STREAM.stream().anyMatch(t.getMessage()::contains)) return true;
    return false;
  }

  /**
   * The request body, which completes {@code connected} when the client subscribes to it: by then the connection is
   * up and the request's headers are written.
   */
  private record SignallingBody(byte[] bytes, CompletableFuture<Void> connected) implements HttpRequest.BodyPublisher {
    @Override
    public long contentLength() {
      return bytes.length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
      if (connected != null) connected.complete(null);
      HttpRequest.BodyPublishers.ofByteArray(bytes).subscribe(subscriber);
    }
  }
}
