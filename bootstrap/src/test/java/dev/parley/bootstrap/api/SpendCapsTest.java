package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.application.usecase.tenant.CreateTenant;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.WsClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spend caps (issue 21): a model stub books 100 tokens per call; a turn whose chat, agent (today) or tenant (today)
 * is at or over a cap is refused before the model is called, on REST and on the webCall socket, with an activity entry.
 */
class SpendCapsTest extends ApiTestBase {
  private final AtomicInteger calls = new AtomicInteger();
  private HttpServer model;

  @BeforeAll
  void startModel() throws Exception {
    model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    model.createContext("/v1/chat/completions", exchange -> {
      exchange.getRequestBody().readAllBytes();
      calls.incrementAndGet();
      byte[] answer = ("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"answered\"}}],"
          + " \"usage\": {\"prompt_tokens\": 60, \"completion_tokens\": 40, \"total_tokens\": 100}}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    model.start();
  }

  @AfterAll
  void stopModel() {
    if (model != null) model.stop(0);
  }

  private void connection(HttpJson as) {
    HttpJson.Response created = as.post("/api/v1/providers", Map.of("name", "metered", "kind", "openai",
        "base_url", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1", "api_key", "sk-test",
        "default_model", "m1", "max_retries", 0,
        "prices", Map.of("m1", Map.of("input_per_million", 1.0, "output_per_million", 2.0))));
    assertThat(created.status()).as(created.body()).isIn(201, 409);
  }

  private String agent(HttpJson as, Map<String, Object> caps) {
    connection(as);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Capped");
    body.put("prompt", "Be brief.");
    body.put("model", Map.of("provider", "metered"));
    if (caps != null) body.put("spend_caps", caps);
    HttpJson.Response created = as.post("/api/v1/agents", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    if (caps != null) caps.forEach((k, v) -> assertThat(asMap(created.json().get("spend_caps")).get(k)).isEqualTo(v));
    return (String) created.json().get("id");
  }

  private static String chat(HttpJson as, String agentId) {
    return (String) as.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");
  }

  private static HttpJson.Response say(HttpJson as, String chatId) {
    return as.post("/api/v1/chats/" + chatId + "/messages", Map.of("content", "hello"));
  }

  private static void assertRefused(HttpJson as, HttpJson.Response refused, String chatId, String cap) {
    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(refused.json()).containsEntry("code", "spend_cap_reached");
    assertThat((String) refused.json().get("detail")).contains(cap);
    assertThat(as.get("/api/v1/chats/" + chatId + "/activity").body()).contains("spend_cap_reached").contains(cap);
  }

  @Test
  void a_chat_at_its_token_cap_is_refused_before_the_model_is_called_while_another_chat_goes_on() {
    String agentId = agent(http, Map.of("per_chat_tokens", 100));
    String first = chat(http, agentId);
    assertThat(say(http, first).status()).isEqualTo(200); // 0 of 100 used: runs, and books 100
    int before = calls.get();
    HttpJson.Response refused = say(http, first);
    assertRefused(http, refused, first, "per_chat_tokens");
    assertThat(calls.get()).as("the model was not called").isEqualTo(before);

    String second = chat(http, agentId); // under its caps: still served
    HttpJson.Response served = say(http, second);
    assertThat(served.status()).as(served.body()).isEqualTo(200);
    assertThat(served.body()).contains("answered");
  }

  @Test
  void a_web_call_chat_at_its_cap_gets_an_error_frame() {
    String agentId = agent(http, Map.of("per_chat_tokens", 100));
    HttpJson.Response integration = http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of());
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + integration.json().get("token"))) {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("callType", "chat");
      request.put("additionalData", Map.of());
      ws.send(Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", request));
      ws.awaitEvent("opened");
      ws.send(Map.of("type", "incomingChatMessage", "content", "first", "timestamp", Instant.now().toString()));
      Map<String, Object> reply = ws.awaitText("assistant", "answered");
      // the reply names the model that answered and what its call used, as REST messages do
      assertThat(asMap(reply.get("content"))).containsEntry("model", "m1")
          .containsEntry("usage", Map.of("input_tokens", 60, "output_tokens", 40, "cached_input_tokens", 0));
      assertThat(dev.parley.bootstrap.support.AsyncApiContract.webCall().violations(
          dev.parley.bootstrap.support.AsyncApiContract.Direction.SERVER_TO_CLIENT, reply)).isEmpty();
      ws.send(Map.of("type", "incomingChatMessage", "content", "second", "timestamp", Instant.now().toString()));
      Map<String, Object> error = asMap(ws.awaitError("spend_cap_reached").get("data"));
      assertThat((String) error.get("message")).contains("per_chat_tokens");
    }
  }

  private static HttpJson.Response complete(HttpJson as, String agentId, String state) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agent", Map.of("id", agentId));
    body.put("messages", List.of(Map.of("role", "user", "content", "hello")));
    body.put("state", state);
    return as.post("/api/v1/text-chat/completion", body);
  }

  @Test
  void stateless_turns_book_usage_and_are_refused_at_the_agents_daily_cap_before_the_model_is_called() {
    String agentId = agent(http, Map.of("per_agent_day_tokens", 100));
    HttpJson.Response first = complete(http, agentId, null);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    String chatId = (String) first.json().get("chat_id");
    assertThat(database.sql().rows("SELECT input_tokens, output_tokens FROM usage_ledger WHERE chat_id = ?::uuid", chatId))
        .singleElement().satisfies(row -> assertThat(row).containsEntry("input_tokens", 60L).containsEntry("output_tokens", 40L));
    int before = calls.get();
    HttpJson.Response refused = complete(http, agentId, null); // a new conversation: the agent's day is what is full
    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(refused.json()).containsEntry("code", "spend_cap_reached");
    assertThat((String) refused.json().get("detail")).contains("per_agent_day_tokens");
    assertThat(calls.get()).as("the model was not called").isEqualTo(before);
  }

  @Test
  void a_stateless_conversation_at_its_per_chat_cap_is_refused_on_its_next_turn_with_an_activity_entry() {
    String agentId = agent(http, Map.of("per_chat_tokens", 100));
    HttpJson.Response first = complete(http, agentId, null);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    String chatId = (String) first.json().get("chat_id");
    List<Object> answered = dev.parley.bootstrap.support.HttpJson.asList(first.json().get("messages"));
    List<Object> history = new java.util.ArrayList<>(List.of(Map.of("role", "user", "content", "hello")));
    history.addAll(answered);
    history.add(Map.of("role", "user", "content", "again"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agent", Map.of("id", agentId));
    body.put("messages", history);
    body.put("state", first.json().get("state"));
    HttpJson.Response refused = http.post("/api/v1/text-chat/completion", body);
    assertRefused(http, refused, chatId, "per_chat_tokens");
    assertThat(complete(http, agentId, null).status()).as("a new conversation is under its own cap").isEqualTo(200);
  }

  @Test
  void a_negative_or_huge_cap_is_refused_naming_the_field() {
    connection(http);
    for (Map<String, Object> caps : List.<Map<String, Object>>of(Map.of("per_chat_tokens", -1),
        Map.of("per_agent_day_cost", 1e12))) {
      HttpJson.Response bad = http.post("/api/v1/agents", Map.of("name", "Bad caps", "model", Map.of("provider", "metered"),
          "spend_caps", caps));
      String field = caps.keySet().iterator().next();
      Misuse.record("spend-cap-input", "POST /api/v1/agents with spend_caps " + caps, bad.status() + " " + bad.json().get("field"));
      assertThat(bad.status()).as(bad.body()).isEqualTo(400);
      assertThat(bad.body()).contains(field);
    }
  }

  @Test
  void an_agent_at_its_daily_cap_is_refused_in_every_chat() {
    String agentId = agent(http, Map.of("per_agent_day_tokens", 100, "per_chat_cost", 5));
    assertThat(say(http, chat(http, agentId)).status()).isEqualTo(200);
    String next = chat(http, agentId);
    assertRefused(http, say(http, next), next, "per_agent_day_tokens");
  }

  @Test
  void a_tenant_at_its_daily_cap_is_refused_but_its_scripted_agents_answer() {
    CreateTenant.CreatedTenant tenant = context.getBean(CreateTenant.class).create("capped");
    HttpJson as = http.withKey(tenant.apiKey());
    HttpJson admin = http.withKey(null);
    String path = "/api/v1/admin/tenants/" + tenant.tenant().id() + "/spend-caps";
    Map<String, String> adminKey = Map.of("X-Admin-Key", "test-admin-key");
    HttpJson.Response bad = admin.send("PUT", path, Map.of("per_day_tokens", -1), adminKey);
    Misuse.record("spend-cap-input", "PUT /api/v1/admin/tenants/{id}/spend-caps with per_day_tokens -1",
        bad.status() + " field " + bad.json().get("field"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("per_day_tokens");
    HttpJson.Response set = admin.send("PUT", path, Map.of("per_day_tokens", 100), adminKey);
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json()).containsEntry("per_day_tokens", 100);

    String agentId = agent(as, null);
    assertThat(say(as, chat(as, agentId)).status()).isEqualTo(200);
    String next = chat(as, agentId);
    assertRefused(as, say(as, next), next, "tenant_per_day_tokens");

    HttpJson.Response scripted = as.post("/api/v1/agents", Map.of("name", "Rules", "script",
        Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}")));
    HttpJson.Response answered = say(as, chat(as, (String) scripted.json().get("id")));
    assertThat(answered.status()).as(answered.body()).isEqualTo(200);
  }
}
