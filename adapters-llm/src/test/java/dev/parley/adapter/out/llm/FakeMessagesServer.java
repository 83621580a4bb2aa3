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

/**
 * A loopback HTTP server speaking the Anthropic Messages API: POST /v1/messages answered with canned JSON or named
 * server-sent events. Like the real API it refuses (400, invalid_request_error) a request without max_tokens, with a
 * system role inside messages, or whose messages do not alternate user/assistant starting with user.
 */
final class FakeMessagesServer implements AutoCloseable {

  /** One canned answer: a status and either a JSON body or (event name, data) pairs. */
  record Canned(int status, String body, List<String[]> events) {
    static Canned json(int status, String body) {
      return new Canned(status, body, null);
    }

    static Canned sse(String[]... events) {
      return new Canned(200, null, List.of(events));
    }
  }

  /** What the server received. */
  record Received(Map<String, Object> body, String apiKey, String version, String authorization, String path) {}

  private final HttpServer server;
  private final Deque<Canned> answers = new ArrayDeque<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final JsonMapper json = JsonMapper.createDefault();

  FakeMessagesServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL a connection names (the adapter appends /v1/messages). */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized FakeMessagesServer answer(Canned... canned) {
    answers.addAll(List.of(canned));
    return this;
  }

  List<Received> received() {
    return received;
  }

  static String[] event(String name, String data) {
    return new String[] {name, data};
  }

  @SuppressWarnings("unchecked")
  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, Object> body = json.readValue(exchange.getRequestBody().readAllBytes(), Map.class);
      var headers = exchange.getRequestHeaders();
      received.add(new Received(body, headers.getFirst("x-api-key"), headers.getFirst("anthropic-version"),
          headers.getFirst("Authorization"), exchange.getRequestURI().getPath()));
      String invalid = invalid(body);
      Canned canned = invalid == null ? next() : Canned.json(400,
          "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"" + invalid + "\"}}");
      if (canned.events() == null) {
        byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(canned.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
      } else {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(canned.status(), 0);
        OutputStream out = exchange.getResponseBody();
        for (String[] event : canned.events()) {
          out.write(("event: " + event[0] + "\ndata: " + event[1] + "\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    }
  }

  private static String invalid(Map<String, Object> body) {
    if (!(body.get("max_tokens") instanceof Number)) return "max_tokens: Field required";
    if (!(body.get("messages") instanceof List<?> messages)) return "messages: Field required";
    String expected = "user";
    for (Object m : messages) {
      Object role = ((Map<?, ?>) m).get("role");
      if (!expected.equals(role)) return "messages: roles must alternate between user and assistant, starting with user";
      expected = expected.equals("user") ? "assistant" : "user";
    }
    return null;
  }

  private synchronized Canned next() {
    return answers.size() > 1 ? answers.poll() : answers.peek();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
