package dev.parley.bootstrap.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * A real HTTP server on loopback standing in for an integrator's systems: it records webhook requests, answers
 * tool calls with fixed JSON, and answers with whatever status a test sets.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as it arrived. */
  public record Received(String path, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicReference<IntSupplier> hookStatus = new AtomicReference<>(() -> 200);

  public WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body));
      byte[] answer;
      int status;
      if (path.startsWith("/tools/")) {
        status = 200;
        answer = "{\"status\":\"shipped\",\"eta\":\"tomorrow\"}".getBytes(StandardCharsets.UTF_8);
      } else {
        status = hookStatus.get().getAsInt();
        answer = "ok".getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** How the webhook path answers from now on (tool paths always answer 200). */
  public void answerWith(IntSupplier status) {
    hookStatus.set(status);
  }

  public List<Received> requestsTo(String pathPrefix) {
    return received.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
