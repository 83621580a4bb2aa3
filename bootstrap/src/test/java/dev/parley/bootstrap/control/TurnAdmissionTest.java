package dev.parley.bootstrap.control;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.WsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bound on turns in flight per instance (issue 25): with {@code parley.limits.turns-in-flight} = 2 and a model
 * that holds every call until the test lets it answer, a third concurrent turn is refused at once with 429
 * {@code too_many_turns} and {@code Retry-After} on every transport, never reaches the model and stores nothing;
 * once the two turns are over the same message goes through.
 */
class TurnAdmissionTest extends ApiTestBase {
  private HttpServer model;
  private final AtomicInteger modelCalls = new AtomicInteger();
  private volatile CountDownLatch answer = new CountDownLatch(1);
  private String agentId;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.limits.turns-in-flight", 2);
  }

  @BeforeAll
  void startModel() throws IOException {
    model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    model.setExecutor(Executors.newCachedThreadPool());
    model.createContext("/v1/chat/completions", exchange -> {
      boolean stream = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).contains("\"stream\":true");
      modelCalls.incrementAndGet();
      try {
        answer.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.getResponseHeaders().add("Content-Type", stream ? "text/event-stream" : "application/json");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write((stream ? "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"slow reply\"}}]}\n\ndata: [DONE]\n\n"
            : "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"slow reply\"},\"finish_reason\":\"stop\"}]}")
            .getBytes(StandardCharsets.UTF_8));
      }
    });
    model.start();
    HttpJson.Response created = http.post("/api/v1/agents", Map.of("name", "Slow model",
        "model", Map.of("provider", "openai", "model", "stub", "base_url", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    agentId = (String) created.json().get("id");
  }

  @AfterAll
  void stopModel() {
    answer.countDown();
    if (model != null) model.stop(0);
  }

  private String openChat() {
    HttpJson.Response chat = http.post("/api/v1/chats", Map.of("agent_id", agentId));
    assertThat(chat.status()).as(chat.body()).isIn(200, 201);
    return (String) chat.json().get("id");
  }

  private CompletableFuture<HttpJson.Response> send(String chat, String content) {
    return CompletableFuture.supplyAsync(() -> http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", content)));
  }

  private static void assertRefused(HttpJson.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(429);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json()).containsEntry("code", "too_many_turns");
    assertThat(r.header("Retry-After")).isEqualTo("1");
  }

  private List<Object> userMessages(String chat) {
    return asList(http.get("/api/v1/chats/" + chat).json().get("messages")).stream()
        .filter(m -> "user".equals(asMap(m).get("role"))).toList();
  }

  @Test
  void past_the_bound_a_turn_is_refused_with_429_and_retry_after_before_any_work_on_every_transport() throws Exception {
    answer = new CountDownLatch(1);
    int callsBefore = modelCalls.get();
    String a = openChat(), b = openChat(), c = openChat();
    CompletableFuture<HttpJson.Response> first = send(a, "one");
    CompletableFuture<HttpJson.Response> second = send(b, "two");
    await().atMost(Duration.ofSeconds(10)).until(() -> modelCalls.get() == callsBefore + 2);

    HttpJson.Response json = http.post("/api/v1/chats/" + c + "/messages", Map.of("content", "three"));
    HttpJson.Response sse = http.post("/api/v1/chats/" + c + "/messages", Map.of("content", "three"),
        Map.of("Accept", "text/event-stream"));
    HttpJson.Response stateless = http.post("/api/v1/text-chat/completion",
        Map.of("agent", Map.of("id", agentId), "messages", List.of(Map.of("role", "user", "content", "three"))));
    String socketError = socketTurnError();
    HttpJson.Response openAi = http.post("/api/v1/openai/chat/completions",
        Map.of("model", agentId, "messages", List.of(Map.of("role", "user", "content", "three"))));
    HttpJson.Response aiSdk = http.post("/api/v1/ai-sdk/chat", Map.of("id", "admission-" + c, "agent_id", agentId,
        "trigger", "submit-message", "messages", List.of(Map.of("id", "m1", "role", "user",
            "parts", List.of(Map.of("type", "text", "text", "three"))))));

    assertRefused(json);
    assertRefused(sse);
    assertRefused(stateless);
    assertThat(openAi.status()).as(openAi.body()).isEqualTo(429); // the facade's problem also carries OpenAI's error member
    assertThat(openAi.json()).containsEntry("code", "too_many_turns");
    assertRefused(aiSdk);
    assertThat(socketError).isEqualTo("too_many_turns");
    assertThat(modelCalls.get()).as("no refused turn reached the model").isEqualTo(callsBefore + 2);
    assertThat(userMessages(c)).as("nothing of a refused turn is stored").isEmpty();

    answer.countDown();
    assertThat(first.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(second.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    HttpJson.Response later = http.post("/api/v1/chats/" + c + "/messages", Map.of("content", "three"));
    assertThat(later.status()).as("the permits came back when the turns ended: " + later.body()).isEqualTo(200);
    assertThat(userMessages(c)).hasSize(1);
  }

  /** A webCall socket's message while the bound is reached: the error frame's code. */
  private String socketTurnError() {
    HttpJson.Response integration = http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + integration.json().get("token"))) {
      ws.send(Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", Map.of("callType", "chat")));
      ws.awaitEvent("connection");
      ws.send(Map.of("type", "incomingChatMessage", "content", "three", "timestamp", Instant.now().toString()));
      Map<String, Object> error = ws.awaitFrom(0, f -> "error".equals(f.get("type")), "an error frame");
      return (String) asMap(error.get("data")).getOrDefault("code", error.get("code"));
    }
  }
}
