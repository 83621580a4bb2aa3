package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.WebhookReceiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tenant's connection of kind anthropic: chat turns over REST reach a loopback server speaking the Messages API
 * (x-api-key, anthropic-version, content blocks, tool_use / tool_result) and answer with its usage and model.
 */
class AnthropicConnectionTest extends ApiTestBase {
  private static final String KEY = "sk-ant-tenant-key-5678";
  private final List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
  private final WebhookReceiver tools = new WebhookReceiver();
  private HttpServer messages;

  @BeforeAll
  void startStub() throws IOException {
    messages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    messages.createContext("/v1/messages", this::answer);
    messages.start();
  }

  @AfterAll
  void stopStub() {
    if (messages != null) messages.stop(0);
    tools.close();
  }

  /** Asks for lookupOrder when the user mentions an order, reports its result once it comes back, else echoes. */
  private void answer(HttpExchange exchange) throws IOException {
    Map<String, Object> body = asMap(HttpJson.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    Map<String, Object> call = new HashMap<>(body);
    call.put("x-api-key", String.valueOf(exchange.getRequestHeaders().getFirst("x-api-key")));
    call.put("anthropic-version", String.valueOf(exchange.getRequestHeaders().getFirst("anthropic-version")));
    call.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    seen.add(call);
    if (Boolean.TRUE.equals(body.get("stream"))) {
      streamAnswer(exchange, body);
      return;
    }
    List<Object> history = asList(body.get("messages"));
    List<Object> lastBlocks = asList(asMap(history.get(history.size() - 1)).get("content"));
    Map<String, Object> lastBlock = asMap(lastBlocks.get(0));
    String content;
    String usage;
    if ("tool_result".equals(lastBlock.get("type"))) {
      content = "[{\"type\":\"text\",\"text\":\"Your order: " + lastBlock.get("content").toString().replace("\"", "'") + "\"}]";
      usage = "{\"input_tokens\":30,\"output_tokens\":8,\"cache_read_input_tokens\":10}";
    } else if (String.valueOf(lastBlock.get("text")).contains("order")) {
      content = "[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"lookupOrder\",\"input\":{\"id\":\"42\"}}]";
      usage = "{\"input_tokens\":20,\"output_tokens\":4}";
    } else {
      content = "[{\"type\":\"text\",\"text\":\"claude heard: " + lastBlock.get("text") + "\"}]";
      usage = "{\"input_tokens\":12,\"output_tokens\":3,\"cache_read_input_tokens\":0}";
    }
    byte[] answer = ("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + body.get("model")
        + "-20250101\",\"content\":" + content + ",\"stop_reason\":\"end_turn\",\"usage\":" + usage + "}")
        .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  /** The Messages API's named server-sent events: the text in two deltas, usage in message_start and message_delta. */
  private static void streamAnswer(HttpExchange exchange, Map<String, Object> body) throws IOException {
    String[][] events = {
        {"message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"" + body.get("model") + "-20250101\",\"content\":[],\"usage\":{\"input_tokens\":14,\"output_tokens\":1,"
            + "\"cache_read_input_tokens\":6}}}"},
        {"content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"},
        {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"claude \"}}"},
        {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"streams\"}}"},
        {"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"},
        {"message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":4}}"},
        {"message_stop", "{\"type\":\"message_stop\"}"}};
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    for (String[] event : events) {
      exchange.getResponseBody().write(("event: " + event[0] + "\ndata: " + event[1] + "\n\n").getBytes(StandardCharsets.UTF_8));
      exchange.getResponseBody().flush();
    }
    exchange.close();
  }

  private String agentOnAnthropic(String connection) {
    HttpJson.Response created = http.post("/api/v1/providers", Map.of("name", connection, "kind", "anthropic",
        "base_url", "http://127.0.0.1:" + messages.getAddress().getPort(), "api_key", KEY, "default_model", "claude-house",
        "headers", Map.of("anthropic-beta", "tools-beta"), "max_retries", 0));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json()).containsEntry("kind", "anthropic");
    HttpJson.Response agent = http.post("/api/v1/agents", Map.of("name", "Claude " + connection, "prompt", "You look up orders.",
        "model", Map.of("provider", connection),
        "tools", List.of(Map.of("name", "lookupOrder", "description", "Find an order",
            "parameters", Map.of("type", "object", "properties", Map.of("id", Map.of("type", "string"))),
            "webhook", Map.of("url", tools.url("/tools/lookupOrder"), "timeout_ms", 2000)))));
    assertThat(agent.status()).as(agent.body()).isEqualTo(201);
    return (String) agent.json().get("id");
  }

  private Map<String, Object> turn(String agentId, String text) {
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");
    HttpJson.Response turn = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", text));
    assertThat(turn.status()).as(turn.body()).isEqualTo(200);
    return turn.json();
  }

  @Test
  void a_turn_is_answered_through_the_messages_api_with_its_usage_and_model() {
    String agent = agentOnAnthropic("claude");
    seen.clear();

    Map<String, Object> answer = turn(agent, "hello there");

    List<Object> said = asList(answer.get("messages"));
    assertThat(asMap(said.get(said.size() - 1))).containsEntry("content", "claude heard: hello there");
    assertThat(answer).containsEntry("model", "claude-house-20250101")
        .containsEntry("usage", Map.of("input_tokens", 12, "output_tokens", 3, "cached_input_tokens", 0));
    assertThat(seen).hasSize(1);
    Map<String, Object> call = seen.get(0);
    assertThat(call).containsEntry("x-api-key", KEY).containsEntry("anthropic-version", "2023-06-01")
        .containsEntry("authorization", "null").containsEntry("model", "claude-house").containsEntry("system", "You look up orders.")
        .containsKey("max_tokens");
    assertThat(call.get("tools").toString()).contains("input_schema");
  }

  @Test
  void a_streamed_turn_shows_the_text_deltas_and_ends_with_the_usage_and_model() throws Exception {
    String agent = agentOnAnthropic("claude-stream");
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id");
    seen.clear();

    HttpRequest request = HttpRequest.newBuilder(URI.create(server.getURI() + "/api/v1/chats/" + chat + "/messages"))
        .header("X-API-Key", apiKey).header("Content-Type", "application/json").header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(HttpJson.write(Map.of("content", "stream please")))).build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"content\":\"claude \"").contains("\"content\":\"streams\"")
        .contains("\"model\":\"claude-house-20250101\"")
        .contains("\"usage\":{\"input_tokens\":20,\"output_tokens\":4,\"cached_input_tokens\":6}").contains("[DONE]");
    assertThat(seen).singleElement().satisfies(call -> assertThat(call).containsEntry("stream", true));
    List<Object> stored = asList(http.get("/api/v1/chats/" + chat + "/messages").json().get("messages"));
    assertThat(asMap(stored.get(stored.size() - 1))).containsEntry("content", "claude streams")
        .containsEntry("model", "claude-house-20250101")
        .containsEntry("usage", Map.of("input_tokens", 20, "output_tokens", 4, "cached_input_tokens", 6));
  }

  @Test
  void a_streamed_socket_turn_ends_with_the_usage_and_model_of_its_reply() {
    String agent = agentOnAnthropic("claude-socket");
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agent, "user_id", "claude-user")).json().get("id");
    try (dev.parley.bootstrap.support.WsClient ws = dev.parley.bootstrap.support.WsClient.connectTo(server.getURI(), "/ws/chat",
        Map.of("X-API-Key", apiKey, "X-User-ID", "claude-user", "X-Chat-ID", chat))) {
      ws.await(m -> "connection_established".equals(m.get("event_type")), "connection_established");
      ws.send(Map.of("content", "stream please"));
      Map<String, Object> ended = ws.await(m -> "message_stream_ended".equals(m.get("event_type")), "message_stream_ended");
      assertThat(ws.received().stream().filter(m -> "message_stream_token".equals(m.get("event_type")))).hasSize(2);
      assertThat(ended).containsEntry("content", "claude streams").containsEntry("model", "claude-house-20250101")
          .containsEntry("usage", Map.of("input_tokens", 20, "output_tokens", 4, "cached_input_tokens", 6));
      dev.parley.bootstrap.support.AsyncApiContract.chat().check(
          dev.parley.bootstrap.support.AsyncApiContract.Direction.SERVER_TO_CLIENT, ended);
    }
  }

  @Test
  void a_tool_call_goes_round_trip_and_the_turn_sums_both_calls_usage() {
    String agent = agentOnAnthropic("claude-tools");
    seen.clear();

    Map<String, Object> answer = turn(agent, "where is my order?");

    List<Object> said = asList(answer.get("messages"));
    assertThat(asMap(said.get(said.size() - 1)).get("content").toString()).startsWith("Your order: ").contains("shipped");
    assertThat(tools.requestsTo("/tools/lookupOrder")).isNotEmpty();
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1).get("messages").toString()).contains("tool_use").contains("toolu_1").contains("tool_result");
    assertThat(answer).containsEntry("usage", Map.of("input_tokens", 60, "output_tokens", 12, "cached_input_tokens", 10));
  }
}
