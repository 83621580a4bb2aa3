package dev.parley.bootstrap.reliability;

import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.support.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on loopback that can be down (its port closed), answer 500, hang past the sender's time-out,
 * or accept (200). It records every request it read, with whether it was accepted.
 */
public final class FlakyReceiver implements AutoCloseable {
  public enum Mode { ACCEPT, DOWN, ERROR_500, HANG }

  /** One request as read, and what the receiver did with it. */
  public record Got(WebhookReceiver.Received request, Mode answeredAs) {}

  private final int port = OwnPostgres.freePort();
  private final List<Got> got = new CopyOnWriteArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "flaky-receiver");
    t.setDaemon(true);
    return t;
  });
  private final long hangMillis;
  private volatile Mode mode = Mode.ACCEPT;
  private HttpServer server;

  public FlakyReceiver(long hangMillis) {
    this.hangMillis = hangMillis;
    listen();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public synchronized void mode(Mode next) {
    if (next == Mode.DOWN && server != null) {
      server.stop(0);
      server = null;
    } else if (next != Mode.DOWN && server == null) {
      listen();
    }
    mode = next;
  }

  public List<Got> got() {
    return List.copyOf(got);
  }

  private void listen() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
      s.setExecutor(pool);
      s.createContext("/", exchange -> {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Mode now = mode;
        got.add(new Got(new WebhookReceiver.Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body), now));
        if (now == Mode.HANG) ServerProcess.sleep(hangMillis);
        int status = now == Mode.ERROR_500 ? 500 : 200;
        byte[] answer = "ok".getBytes();
        try {
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
        } catch (IOException ignored) {
          // the sender gave up waiting
        } finally {
          exchange.close();
        }
      });
      s.start();
      server = s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) server.stop(0);
    pool.shutdownNow();
  }
}
