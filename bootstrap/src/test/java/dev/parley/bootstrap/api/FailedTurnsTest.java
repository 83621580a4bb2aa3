package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.reliability.LogCapture;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.WebhookReceiver;
import dev.parley.bootstrap.support.WsClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * #17.6: a chat whose model fails every turn ends with reason {@code error} after the agent's {@code max_failed_turns}
 * (default 3) unanswered turns in a row, on every channel, and the completion webhook says so. The model is a loopback
 * server that answers 500 (and echoes the API key, which must never reach the log).
 */
class FailedTurnsTest extends ApiTestBase {
  private static final String MODEL_KEY = "sk-failed-turns-secret-4242";
  private final WebhookReceiver receiver = new WebhookReceiver();
  private final AtomicBoolean modelHealthy = new AtomicBoolean(false);
  private final AtomicInteger modelCalls = new AtomicInteger();
  private HttpServer model;

  /** The configured provider (so Parley sends its key there) is the loopback model, started before the server. */
  @Override
  protected Map<String, Object> extraProperties() {
    startModel();
    return Map.of("parley.openai.base-url", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1",
        "parley.openai.api-key", MODEL_KEY, "parley.openai.max-retries", "0",
        "parley.outbox.interval", "100ms", "parley.webhooks.first-retry", "200ms");
  }

  private void startModel() {
    try {
      model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    model.createContext("/v1/chat/completions", exchange -> {
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      modelCalls.incrementAndGet();
      boolean healthy = modelHealthy.get();
      boolean stream = request.contains("\"stream\":true");
      // like providers that quote the credential they were sent in their error text
      String body = !healthy ? "{\"error\": {\"message\": \"upstream overloaded; you sent "
          + exchange.getRequestHeaders().getFirst("Authorization") + "\"}}"
          : stream ? "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"All good.\"}}]}\n\ndata: [DONE]\n\n"
          : "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"All good.\"},\"finish_reason\":\"stop\"}]}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", healthy && stream ? "text/event-stream" : "application/json");
      exchange.sendResponseHeaders(healthy ? 200 : 500, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    model.start();
  }

  @AfterAll
  void stopModel() {
    if (model != null) model.stop(0);
    receiver.close();
  }

  private String agent(Integer maxFailedTurns) {
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", "Flaky model");
    agent.put("model", Map.of("provider", "openai", "model", "stub"));
    agent.put("completion_webhook", Map.of("url", receiver.url("/hooks/failed"), "secret", "hook-secret"));
    if (maxFailedTurns != null) agent.put("max_failed_turns", maxFailedTurns);
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  private String chatOn(String agentId) {
    return (String) http.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");
  }

  private Map<String, Object> say(HttpJson client, String chat, String text) {
    HttpJson.Response answer = client.post("/api/v1/chats/" + chat + "/messages", Map.of("content", text));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  private long failedTurnsStored(String chat) {
    return database.sql().count("SELECT failed_turns FROM chat_sessions WHERE id = ?", UUID.fromString(chat));
  }

  @Test
  void three_unanswered_turns_end_the_chat_with_error_and_the_webhook_and_log_say_so() {
    String agentId = agent(null);
    assertThat(http.get("/api/v1/agents/" + agentId).json()).containsEntry("max_failed_turns", 3);
    String chat = chatOn(agentId);
    try (LogCapture log = LogCapture.attach()) {
      List<Object> answers = new ArrayList<>();
      for (int turn = 1; turn <= 3; turn++) answers.add(say(http, chat, "hello " + turn));
      Map<String, Object> third = asMap(answers.get(2));
      Misuse.record("model-failure", "3 turns in a row while the model answers HTTP 500 (max_failed_turns default 3)",
          "turn answers is_final " + asList(answers).stream().map(a -> asMap(a).get("is_final")).toList() + "; chat "
              + http.get("/api/v1/chats/" + chat).json().get("final_reason"));

      assertThat(asMap(answers.get(1))).containsEntry("is_final", false).containsEntry("status", "active");
      assertThat(third).containsEntry("is_final", true).containsEntry("status", "final").containsEntry("final_reason", "error");
      assertThat(http.get("/api/v1/chats/" + chat).json()).containsEntry("status", "final").containsEntry("final_reason", "error");
      HttpJson.Response late = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "anyone?"));
      assertThat(late.status()).isEqualTo(409);
      assertThat(late.json()).containsEntry("code", "chat_final");

      List<String> warnings = log.all().stream().filter(e -> e.text().contains("model call failed"))
          .map(LogCapture.Event::text).toList();
      Misuse.record("model-failure", "model error text quoting the API key it was sent (Bearer sk-...)",
          warnings.size() + " WARN lines naming the chat; key in the log: "
              + log.all().stream().anyMatch(e -> e.text().contains(MODEL_KEY)) + "; e.g. " + (warnings.isEmpty() ? "-" : warnings.get(0)));
      assertThat(warnings).hasSize(3).allMatch(w -> w.contains(chat) && w.contains("HTTP 500") && w.contains("Bearer ***"));
      assertThat(log.all()).noneMatch(e -> e.text().contains(MODEL_KEY));
      assertThat(log.all().stream().filter(e -> e.text().contains("model call failed")).map(LogCapture.Event::level).distinct()
          .map(Object::toString).toList()).containsExactly("WARN");
    }

    await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requestsTo("/hooks/failed").stream()
        .anyMatch(r -> r.text().contains(chat)));
    WebhookReceiver.Received hook = receiver.requestsTo("/hooks/failed").stream().filter(r -> r.text().contains(chat))
        .findFirst().orElseThrow();
    Map<String, Object> data = asMap(new HttpJson.Response(200, Map.of(), hook.text()).json().get("data"));
    assertThat(data).containsEntry("id", chat).containsEntry("final_reason", "error");
    assertThat(http.get("/api/v1/chats/" + chat + "/activity").body()).contains("turns in a row could not be answered");
  }

  @Test
  void the_count_is_stored_holds_across_instances_and_a_successful_turn_resets_it() {
    String chat = chatOn(agent(2));
    say(http, chat, "one");
    assertThat(failedTurnsStored(chat)).isEqualTo(1);
    modelHealthy.set(true);
    try {
      assertThat(say(http, chat, "two")).containsEntry("is_final", false);
    } finally {
      modelHealthy.set(false);
    }
    assertThat(failedTurnsStored(chat)).as("a successful turn resets the count").isZero();
    assertThat(say(http, chat, "three")).containsEntry("is_final", false);

    EmbeddedServer other = startAnotherServer(Map.of());
    Map<String, Object> fourth = say(new HttpJson(other.getURI(), apiKey), chat, "four");
    assertThat(fourth).containsEntry("is_final", true);
    assertThat(http.get("/api/v1/chats/" + chat).json()).containsEntry("final_reason", "error");
  }

  @Test
  void a_streamed_turn_and_a_web_call_say_the_chat_ended_with_error() throws Exception {
    String agentId = agent(2);
    String streamed = chatOn(agentId);
    say(http, streamed, "one");
    String events = streamTurn(streamed, "two");
    assertThat(events).contains("\"is_final\":true").contains("\"status\":\"final\"") // the turn event
        .contains("\"final_reason\":\"error\"").contains("[DONE]");

    HttpJson.Response integration = http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + integration.json().get("token"))) {
      ws.send(Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", Map.of("callType", "chat")));
      ws.awaitEvent("connection");
      for (int turn = 1; turn <= 2; turn++) {
        int mark = ws.size();
        ws.send(Map.of("type", "incomingChatMessage", "content", "hello " + turn, "timestamp", Instant.now().toString()));
        ws.awaitFrom(mark, m -> "text".equals(m.get("type")) && "assistant".equals(asMap(m.get("content")).get("source")),
            "the apology");
      }
      Map<String, Object> result = asMap(ws.awaitType("conversationResult").get("result"));
      Misuse.record("model-failure", "2 web-call messages while the model answers HTTP 500 (max_failed_turns 2)",
          "conversationResult " + result.get("status") + ", closed " + asMap(ws.awaitEvent("closed").get("data")).get("reason"));
      assertThat(result).containsEntry("status", "failed");
      assertThat(asMap(ws.awaitEvent("closed").get("data"))).containsEntry("reason", "error");
    }
  }

  @Test
  void the_chat_socket_ends_the_stream_with_final_reason_error_and_closes() {
    String chat = chatOn(agent(2));
    String query = "/ws/chat?api_key=" + apiKey + "&user_id=failing-model-user&chat_id=" + chat;
    try (WsClient ws = WsClient.connectTo(server.getURI(), query, Map.of())) {
      ws.await(m -> "connection_established".equals(m.get("event_type")), "connection_established");
      List<Map<String, Object>> ends = new ArrayList<>();
      for (int turn = 1; turn <= 2; turn++) {
        int mark = ws.size();
        ws.send(Map.of("content", "hello " + turn));
        ends.add(ws.awaitFrom(mark, m -> "message_stream_ended".equals(m.get("event_type")), "message_stream_ended"));
      }
      Misuse.record("model-failure", "2 /ws/chat messages while the model answers HTTP 500 (max_failed_turns 2)",
          "message_stream_ended final_reason " + ends.stream().map(e -> e.get("final_reason")).toList() + ", close "
              + ws.awaitClose().code());
      assertThat(ends.get(0)).containsEntry("is_final", false).containsEntry("final_reason", null);
      assertThat(ends.get(1)).containsEntry("is_final", true).containsEntry("status", "final").containsEntry("final_reason", "error");
      assertThat(ws.awaitClose().code()).isEqualTo(1000);
    }
  }

  @Test
  void max_failed_turns_is_validated() {
    for (Object bad : List.of(0, 101, -1)) {
      Map<String, Object> agent = new LinkedHashMap<>(Map.of("name", "Bad", "max_failed_turns", bad));
      HttpJson.Response r = http.post("/api/v1/agents", agent);
      Misuse.record("model-failure", "POST /api/v1/agents with max_failed_turns " + bad, r.status() + " " + r.body());
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(String.valueOf(r.json().get("field"))).matches("/?max_failed_turns");
    }
    assertThat(http.get("/openapi.yml").body()).as("the OpenAPI document").contains("max_failed_turns");
  }

  private String streamTurn(String chat, String text) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.getURI() + "/api/v1/chats/" + chat + "/messages"))
        .header("X-API-Key", apiKey).header("Content-Type", "application/json").header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(HttpJson.write(Map.of("content", text)))).build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
