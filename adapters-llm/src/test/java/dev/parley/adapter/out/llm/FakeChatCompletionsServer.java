package dev.parley.adapter.out.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback HTTP server that answers POST /v1/chat/completions with canned responses in the real wire format. */
final class FakeChatCompletionsServer implements AutoCloseable {

  /** One canned answer: a status, extra headers, and either a JSON body or server-sent event chunks. */
  record Canned(int status, Map<String, String> headers, String body, List<String> events) {
    static Canned json(int status, String body) {
      return new Canned(status, Map.of(), body, null);
    }

    static Canned sse(String... events) {
      return new Canned(200, Map.of(), null, List.of(events));
    }

    Canned withHeader(String name, String value) {
      return new Canned(status, Map.of(name, value), body, events);
    }
  }

  /** What the server received. */
  record Received(Map<String, Object> body, String authorization, String path) {}

  private final HttpServer server;
  private final Deque<Canned> answers = new ArrayDeque<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final JsonMapper json = JsonMapper.createDefault();

  FakeChatCompletionsServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Queues answers; the last one repeats once the queue runs dry. */
  synchronized FakeChatCompletionsServer answer(Canned... canned) {
    answers.addAll(List.of(canned));
    return this;
  }

  List<Received> received() {
    return received;
  }

  @SuppressWarnings("unchecked")
  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] request = exchange.getRequestBody().readAllBytes();
      received.add(new Received(json.readValue(request, Map.class), exchange.getRequestHeaders().getFirst("Authorization"),
          exchange.getRequestURI().getPath()));
      Canned canned = next();
      canned.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      if (canned.events() == null) {
        byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(canned.status(), body.length);
        exchange.getResponseBody().write(body);
      } else {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(canned.status(), 0); // chunked: each event is flushed on its own
        OutputStream out = exchange.getResponseBody();
        for (String event : canned.events()) {
          out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    }
  }

  private synchronized Canned next() {
    return answers.size() > 1 ? answers.poll() : answers.peek();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
