package dev.parley.bootstrap.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI-compatible chat completions server on loopback that plays one tool round: it asks for {@code tool} with
 * {@code arguments} until the request carries a tool result, then answers {@code finalText}. Keeps every request
 * body, so a test can check what the model was shown.
 */
public final class ToolCallingModel implements AutoCloseable {
  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private ToolCallingModel(String tool, Map<String, Object> arguments, String finalText) throws IOException {
    String argumentsJson = HttpJson.write(arguments);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(body);
      Map<String, Object> message = body.contains("\"role\":\"tool\"")
          ? Map.of("role", "assistant", "content", finalText)
          : Map.of("role", "assistant", "tool_calls", List.of(Map.of("id", "call_1", "type", "function",
              "function", Map.of("name", tool, "arguments", argumentsJson))));
      String finish = body.contains("\"role\":\"tool\"") ? "stop" : "tool_calls";
      byte[] bytes = HttpJson.write(Map.of("id", "c" + requests.size(), "object", "chat.completion",
          "choices", List.of(Map.of("index", 0, "finish_reason", finish, "message", message)))).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  public static ToolCallingModel start(String tool, Map<String, Object> arguments, String finalText) {
    try {
      return new ToolCallingModel(tool, arguments, finalText);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The agent's {@code model} pointing at this server. */
  public Map<String, Object> agentModel(String model) {
    return Map.of("provider", "openai", "model", model, "base_url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  public List<String> requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
