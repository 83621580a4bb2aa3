package dev.parley.bootstrap.support;

import static dev.parley.bootstrap.support.HttpJson.asMap;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client for tests (the JDK's): connects with optional headers, keeps every JSON message the
 * server sent in arrival order, waits for messages by predicate, and records how the server closed the socket.
 *
 * <p>Every frame is checked against the socket's AsyncAPI document ({@link AsyncApiContract}): what {@link #send}
 * sends before it goes out, what the server sends as it arrives — a frame that breaks the document fails the test at
 * its next call on this client (an await, {@link #received()}, {@link #close()}). {@link #sendRaw} and
 * {@link #sendUnchecked} send deliberately malformed frames without the check; the answers are still checked.
 */
public final class WsClient implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<Map<String, Object>> received = new ArrayList<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final WebSocket socket;
  private final AsyncApiContract contract;
  private final List<String> violations = new ArrayList<>();

  /** How the server ended the socket. */
  public record Closed(int code, String reason) {}

  private WsClient(URI uri, Map<String, String> headers) {
    this.contract = AsyncApiContract.forPath(uri.getRawPath());
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    this.socket = builder.buildAsync(uri, new Listener()).join();
  }

  /** Connects to {@code /api/v1/ws/webCall} of the server at {@code base}; {@code query} is appended as is. */
  public static WsClient connect(URI base, String query, Map<String, String> headers) {
    URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/api/v1/ws/webCall" + (query == null ? "" : query));
    return new WsClient(uri, headers);
  }

  public static WsClient connect(URI base, String query) {
    return connect(base, query, Map.of());
  }

  /** Connects to {@code pathAndQuery} (for example {@code /ws/chat?chat_id=...}) of the server at {@code base}. */
  public static WsClient connectTo(URI base, String pathAndQuery, Map<String, String> headers) {
    return new WsClient(URI.create(base.toString().replaceFirst("^http", "ws") + pathAndQuery), headers);
  }

  /** Sends a frame of the protocol; it must satisfy the AsyncAPI document (client → server). */
  public void send(Object message) {
    if (contract != null) contract.check(AsyncApiContract.Direction.CLIENT_TO_SERVER, message);
    sendRaw(HttpJson.write(message));
  }

  /** Sends a frame that breaks the protocol on purpose (a fuzz or fault test); the server's answers are still checked. */
  public void sendUnchecked(Object message) {
    sendRaw(HttpJson.write(message));
  }

  public void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  /** Sends one binary frame (neither protocol speaks binary). */
  public void sendBinary(byte[] bytes) {
    socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
  }

  /** How many messages have arrived so far: a mark for {@link #awaitFrom}. */
  public int size() {
    synchronized (received) {
      return received.size();
    }
  }

  /**
   * The first message at or after position {@code from} (see {@link #size()}) that matches, within 10 s; null when
   * the server closed the socket without sending one.
   */
  public Map<String, Object> awaitFrom(int from, Predicate<Map<String, Object>> matches, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    synchronized (received) {
      while (true) {
        failOnViolations();
        for (int i = from; i < received.size(); i++) if (matches.test(received.get(i))) return received.get(i);
        long left = deadline - System.nanoTime();
        if (closed.isDone() && !anyFrom(from, matches)) return null;
        if (left <= 0)
          throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s" + (closed.isDone() ? " (closed: "
              + closed.getNow(null) + ")" : "") + "; received since the mark: " + received.subList(Math.min(from, received.size()), received.size()));
        try {
          received.wait(Math.min(200, TimeUnit.NANOSECONDS.toMillis(left) + 1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  private boolean anyFrom(int from, Predicate<Map<String, Object>> matches) {
    for (int i = from; i < received.size(); i++) if (matches.test(received.get(i))) return true;
    return false;
  }

  /** How the server closed the socket, if it did. */
  public Closed closedWith() {
    failOnViolations();
    return closed.getNow(null);
  }

  /** The first message (already received or arriving within 10 s) that matches; fails the test otherwise. */
  public Map<String, Object> await(Predicate<Map<String, Object>> matches, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    synchronized (received) {
      while (true) {
        failOnViolations();
        for (Map<String, Object> m : received) if (matches.test(m)) return m;
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s; received: " + received);
        try {
          received.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  public Map<String, Object> awaitType(String type) {
    return await(m -> type.equals(m.get("type")), "'" + type + "' message");
  }

  public Map<String, Object> awaitEvent(String name) {
    return await(m -> "event".equals(m.get("type")) && name.equals(m.get("name")), "'" + name + "' event");
  }

  public Map<String, Object> awaitError(String code) {
    return await(m -> "error".equals(m.get("type")) && code.equals(asMap(m.get("data")).get("code")), "error '" + code + "'");
  }

  /** The first text message from {@code source} whose text contains {@code fragment}. */
  public Map<String, Object> awaitText(String source, String fragment) {
    return await(m -> "text".equals(m.get("type")) && source.equals(asMap(m.get("content")).get("source"))
        && String.valueOf(asMap(m.get("content")).get("text")).contains(fragment), source + " text containing '" + fragment + "'");
  }

  /** Everything received so far, in order. */
  public List<Map<String, Object>> received() {
    synchronized (received) {
      failOnViolations();
      return List.copyOf(received);
    }
  }

  public Closed awaitClose() {
    Closed how;
    try {
      how = closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the server did not close the socket; received: " + received(), e);
    }
    failOnViolations();
    return how;
  }

  /** A server frame that broke the AsyncAPI document fails the test (checked frames arrive on the socket's thread). */
  private void failOnViolations() {
    synchronized (received) {
      if (!violations.isEmpty()) throw new AssertionError(String.join("\n", violations));
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Drops the connection without a close handshake, as a lost network would. */
  public void abort() {
    socket.abort();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    socket.abort();
    failOnViolations();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        Map<String, Object> message = asMap(HttpJson.parse(partial.toString()));
        partial.setLength(0);
        List<String> broken = contract == null ? List.of() : contract.violations(AsyncApiContract.Direction.SERVER_TO_CLIENT, message);
        synchronized (received) {
          received.add(message);
          if (!broken.isEmpty())
            violations.add("a server → client frame breaks the AsyncAPI document: " + String.join("; ", broken) + "\n  frame: " + HttpJson.write(message));
          received.notifyAll();
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new Closed(-1, String.valueOf(error)));
    }
  }
}
