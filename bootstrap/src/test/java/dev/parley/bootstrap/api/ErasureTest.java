package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.parley.application.usecase.tenant.CreateTenant;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.AtRestScan;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.OrderBot;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.WsClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure leaves no copy (issue 17.1): a unique marker is planted through every path that stores conversation text,
 * the chats are erased, and the marker is then looked for in every column of every table ({@link AtRestScan}).
 *
 * <p>To cover a new path, add a {@link Plant} to {@link #plants}; a new table is scanned without any change here.
 */
class ErasureTest extends ApiTestBase {
  private HttpServer integrator; // the integrator's systems on loopback: a tool webhook and the completion webhook
  private volatile String toolAnswer = "nothing";
  private final List<String> hooksReceived = new java.util.concurrent.CopyOnWriteArrayList<>();
  private String agentId;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.outbox.interval", "100ms", "parley.sweeper.interval", "200ms",
        "parley.webchat.watch-interval", "300ms");
  }

  @BeforeAll
  void startIntegratorAndAgent() throws IOException {
    integrator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    integrator.createContext("/tools/lookupOrder", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = HttpJson.write(Map.of("status", toolAnswer)).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    integrator.createContext("/hooks", exchange -> {
      hooksReceived.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    integrator.start();
    HttpJson.Response created = http.post("/api/v1/agents", agentDocument("Erasable"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    agentId = (String) created.json().get("id");
  }

  @AfterAll
  void stopIntegrator() {
    if (integrator != null) integrator.stop(0);
  }

  private Map<String, Object> agentDocument(String name) {
    String base = "http://127.0.0.1:" + integrator.getAddress().getPort();
    Map<String, Object> agent = OrderBot.agent(name, base + "/tools/lookupOrder");
    agent.put("greeting", "Hello {{customerName}}");
    agent.put("script", Map.of("rules", List.of(OrderBot.orderRule(), OrderBot.byeRule(),
        Map.of("match", "(?i)refund", "tool", Map.of("name", "refundOrder", "arguments", Map.of("id", "42")), "reply", "Refund done")),
        "fallback", OrderBot.FALLBACK));
    agent.put("tools", List.of(OrderBot.lookupOrderTool(base + "/tools/lookupOrder"),
        Map.of("name", "refundOrder", "description", "Refund an order", "parameters", Map.of("type", "object"),
            "webhook", Map.of("url", base + "/tools/lookupOrder"), "requires_approval", true)));
    agent.put("completion_webhook", Map.of("url", base + "/hooks", "secret", "erasure-secret"));
    agent.put("analysis_fields", List.of(Map.of("name", "topic", "description", "what it was about", "type", "string")));
    return agent;
  }

  /** One way conversation text gets stored: plants {@code marker} and answers the chats it stored it in. */
  private record Plant(String path, PlantStep step) {}

  @FunctionalInterface
  private interface PlantStep {
    List<String> plant(String marker) throws Exception;
  }

  /** Every path that stores conversation text. A new store or transport adds its plant here. */
  private List<Plant> plants() {
    return List.of(
        new Plant("REST (Idempotency-Key header and body key, tool webhook, end note, completion webhook)", this::plantOverRest),
        new Plant("SSE", this::plantOverSse),
        new Plant("webCall", this::plantOverWebCall),
        new Plant("/ws/chat", this::plantOverVendorSocket),
        new Plant("stateless finish", this::plantStateless),
        new Plant("handoff reason, operator message and operator name (issue 20)", this::plantTakeover),
        new Plant("AI SDK useChat (chat id, text, a browser chat's secret)", this::plantOverAiSdk),
        new Plant("tool approval: a denial's reason (issue 20)", this::plantApproval));
  }

  @Test
  void erasing_chats_leaves_no_copy_of_what_any_path_stored_and_a_replayed_turn_gets_404() throws Exception {
    String marker = "MARK" + UUID.randomUUID().toString().replace("-", "");
    toolAnswer = "shipped-" + marker;
    List<String> chats = new ArrayList<>();
    for (Plant p : plants()) {
      List<String> planted = p.step().plant(marker);
      assertThat(planted).as(p.path()).isNotEmpty();
      chats.addAll(planted);
    }
    AtRestScan.Result before = AtRestScan.find(database.sql(), marker);
    assertThat(before.hits()).as("the marker was stored before the erasure").isNotEmpty();
    // the live feeds' event log holds the handoff's reason, the outbox the handoff webhook's (issue 20): both must go
    assertThat(before.hits()).extracting(AtRestScan.Hit::table).contains("public.chat_event_log", "public.webhook_outbox");
    // the finished chats' completion webhooks went out (outbox rows delivered, analysis stored)
    await().atMost(Duration.ofSeconds(15)).until(() -> hooksReceived.stream().filter(h -> h.contains(marker)).count() >= 2);
    await().atMost(Duration.ofSeconds(15)).until(() -> database.sql().count(
        "SELECT count(*) FROM webhook_outbox WHERE status = 'pending'") == 0);
    // the deliveries kept their attempts (issue 23): conversation-adjacent, so they must go with the chats
    String erased = "chat_id IN (" + String.join(",", chats.stream().map(c -> "'" + UUID.fromString(c) + "'").toList()) + ")";
    List<String> logged = database.sql().strings("SELECT id::text FROM webhook_outbox WHERE " + erased
        + " AND jsonb_array_length(attempt_log) > 0");
    assertThat(logged).as("attempt logs of the chats' deliveries").hasSizeGreaterThanOrEqualTo(2);
    assertThat(HttpJson.asList(http.get("/api/v1/webhook-deliveries/" + logged.get(0)).json().get("attempt_log"))).isNotEmpty();

    for (String chat : chats) assertThat(http.delete("/api/v1/chats/" + chat).status()).as(chat).isEqualTo(204);
    for (String chat : chats) assertThat(http.get("/api/v1/chats/" + chat).status()).as(chat).isEqualTo(404);

    // the client retries the turn it sent before the erasure, with the same Idempotency-Key
    HttpJson.Response replay = http.post("/api/v1/chats/" + chats.get(0) + "/messages",
        Map.of("content", "my order " + marker), Map.of("Idempotency-Key", "turn-key-" + chats.get(0)));
    Misuse.record("erasure-replay", "POST /api/v1/chats/{id}/messages replayed with its Idempotency-Key after DELETE answered 204",
        replay.status() + (replay.body().contains(marker) ? " with the erased text" : " without the erased text"));
    assertThat(replay.status()).isEqualTo(404);
    assertThat(replay.body()).doesNotContain(marker);

    AtRestScan.Result after = AtRestScan.find(database.sql(), marker);
    Misuse.record("erasure-scan", "marker planted via " + plants().stream().map(Plant::path).toList() + ", then DELETE of "
        + chats.size() + " chats", after.tables().size() + " tables scanned, hits " + after.hits().size()
        + " (before the erasure: " + before.hits().size() + ")");
    assertThat(after.hits()).isEmpty();
    assertThat(after.tables()).contains("public.chat_messages", "public.idempotency_records", "public.web_chat_frames",
        "public.chat_event_log", "public.tool_approvals");
    assertThat(database.sql().count("SELECT count(*) FROM chat_event_log WHERE chat_id::text = ANY(ARRAY['"
        + String.join("','", chats) + "'])")).as("every event of the erased chats is gone").isZero();
    assertThat(database.sql().count("SELECT count(*) FROM webhook_outbox WHERE " + erased)).as("deliveries and their attempt logs").isZero();
    for (String delivery : logged) assertThat(http.get("/api/v1/webhook-deliveries/" + delivery).status()).isEqualTo(404);
    assertThat(database.sql().count("SELECT count(*) FROM chat_erasures")).isGreaterThanOrEqualTo(chats.size());
    assertThat(database.sql().count("SELECT count(*) FROM web_chats WHERE chat_id::text IN ('"
        + String.join("','", chats) + "')")).as("no chat secret (nor resume token) outlives its chat").isZero();
  }

  // --- the plants

  private List<String> plantOverRest(String marker) {
    String chat = openChat(marker, null, Map.of("Idempotency-Key", "open-key-" + UUID.randomUUID()));
    HttpJson.Response tool = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "my order " + marker),
        Map.of("Idempotency-Key", "turn-key-" + chat));
    assertThat(tool.body()).contains("shipped-" + marker);
    HttpJson.Response bodyKey = http.post("/api/v1/chats/" + chat + "/messages",
        Map.of("content", "plain " + marker, "idempotency_key", "body-key-" + chat));
    assertThat(bodyKey.status()).as(bodyKey.body()).isEqualTo(200);
    assertThat(http.post("/api/v1/chats/" + chat + "/end", Map.of("note", "note " + marker)).status()).isEqualTo(200);
    return List.of(chat);
  }

  private List<String> plantTakeover(String marker) {
    String chat = openChat(marker, null, Map.of());
    assertThat(http.post("/api/v1/chats/" + chat + "/handoff", Map.of("reason", "reason " + marker)).status()).isEqualTo(200);
    HttpJson.Response op = http.post("/api/v1/chats/" + chat + "/operator-messages",
        Map.of("content", "operator says " + marker, "operator", Map.of("id", "op-" + marker, "name", "Ana " + marker)));
    assertThat(op.status()).as(op.body()).isEqualTo(201);
    assertThat(http.post("/api/v1/chats/" + chat + "/handback", null).status()).isEqualTo(200);
    return List.of(chat);
  }

  private List<String> plantApproval(String marker) {
    String chat = openChat(marker, null, Map.of());
    HttpJson.Response paused = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "a refund please"));
    Object approval = HttpJson.asMap(paused.json().get("pending_approval")).get("id");
    HttpJson.Response denied = http.post("/api/v1/chats/" + chat + "/approvals/" + approval,
        Map.of("decision", "deny", "reason", "denied " + marker));
    assertThat(denied.status()).as(denied.body()).isEqualTo(200);
    assertThat(database.sql().count("SELECT count(*) FROM tool_approvals WHERE reason = ?", "denied " + marker)).isEqualTo(1);
    return List.of(chat);
  }

  private List<String> plantOverSse(String marker) throws Exception {
    String chat = openChat(marker, null, Map.of());
    HttpRequest request = HttpRequest.newBuilder(http.base().resolve("/api/v1/chats/" + chat + "/messages"))
        .header("X-API-Key", apiKey).header("Content-Type", "application/json").header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(HttpJson.write(Map.of("content", "streamed " + marker)))).build();
    HttpResponse<String> streamed = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(http.get("/api/v1/chats/" + chat).body()).contains("streamed " + marker); // stored
    return List.of(chat);
  }

  private List<String> plantOverWebCall(String marker) {
    HttpJson.Response integration = http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + integration.json().get("token"))) {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("callType", "chat");
      request.put("additionalData", Map.of("customerName", "Ada " + marker));
      ws.send(Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", request));
      String chat = (String) asMap(ws.awaitEvent("connection").get("data")).get("recordId");
      ws.awaitText("assistant", "Hello Ada " + marker);
      ws.send(Map.of("type", "incomingChatMessage", "content", "socket " + marker, "timestamp", Instant.now().toString()));
      ws.awaitText("assistant", "You said: socket " + marker);
      return List.of(chat); // left active: its frame log is kept
    }
  }

  private List<String> plantOverAiSdk(String marker) {
    Map<String, Object> user = Map.of("id", "m-" + marker, "role", "user",
        "parts", List.of(Map.of("type", "text", "text", "useChat " + marker)));
    HttpJson.Response server = http.post("/api/v1/ai-sdk/chat", Map.of("id", "srv-" + marker, "agent_id", agentId,
        "messages", List.of(user)), Map.of("Accept", "text/event-stream"));
    assertThat(server.status()).as(server.body()).isEqualTo(200);
    assertThat(http.get("/api/v1/chats/" + server.header("x-parley-chat-id")).body()).contains("You said: useChat " + marker);
    HttpJson.Response integration = http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of());
    HttpJson.Response browser = new HttpJson(this.server.getURI(), null).post("/api/v1/ai-sdk/chat",
        Map.of("id", "web-" + marker, "messages", List.of(user)),
        Map.of("Authorization", "Bearer " + integration.json().get("token"), "Accept", "text/event-stream"));
    assertThat(browser.header("x-parley-chat-secret")).as(browser.body()).isNotNull();
    assertThat(database.sql().count("SELECT count(*) FROM web_chats WHERE chat_id::text = '"
        + browser.header("x-parley-chat-id") + "'")).as("the secret's hash is stored with the chat").isOne();
    return List.of(server.header("x-parley-chat-id"), browser.header("x-parley-chat-id"));
  }

  private List<String> plantOverVendorSocket(String marker) {
    String chat = openChat(marker, "vendor-user", Map.of());
    String query = "/ws/chat?api_key=" + URLEncoder.encode(apiKey, StandardCharsets.UTF_8) + "&user_id=vendor-user&chat_id=" + chat;
    try (WsClient ws = WsClient.connectTo(server.getURI(), query, Map.of())) {
      ws.await(m -> "connection_established".equals(m.get("event_type")), "connection_established");
      ws.send(Map.of("content", "vendor " + marker));
      Map<String, Object> ended = ws.await(m -> "message_stream_ended".equals(m.get("event_type")), "message_stream_ended");
      assertThat((String) ended.get("content")).contains(marker);
    }
    return List.of(chat);
  }

  private List<String> plantStateless(String marker) {
    Map<String, Object> inline = agentDocument("Inline " + marker);
    Map<String, Object> body = new HashMap<>();
    body.put("agent", Map.of("config", inline));
    body.put("messages", List.of(Map.of("role", "user", "content", "stateless " + marker)));
    body.put("state", null);
    body.put("finish", true);
    body.put("additional_data", Map.of("customerName", marker));
    HttpJson.Response answer = http.post("/api/v1/text-chat/completion", body, Map.of("Idempotency-Key", "stateless-" + UUID.randomUUID()));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json()).containsEntry("is_final", true);
    return List.of((String) answer.json().get("chat_id"));
  }

  private String openChat(String marker, String userId, Map<String, String> headers) {
    Map<String, Object> body = new HashMap<>();
    body.put("agent_id", agentId);
    body.put("title", "Title " + marker);
    body.put("metadata", Map.of("note", marker));
    body.put("additional_data", Map.of("customerName", "Ada " + marker));
    if (userId != null) body.put("user_id", userId);
    HttpJson.Response opened = http.post("/api/v1/chats", body, headers);
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    assertThat(opened.body()).contains(marker);
    return (String) opened.json().get("id");
  }

  // --- erasing a user, and retention

  @Test
  void deleting_a_user_erases_every_chat_of_theirs_at_once_and_audits_it_without_content() {
    String marker = "USER" + UUID.randomUUID().toString().replace("-", "");
    String user = "person-" + marker;
    String first = openChat(marker, user, Map.of());
    http.post("/api/v1/chats/" + first + "/messages", Map.of("content", "first " + marker));
    http.post("/api/v1/chats/" + first + "/end", Map.of());
    String second = openChat(marker, user, Map.of());
    http.post("/api/v1/chats/" + second + "/messages", Map.of("content", "second " + marker, "idempotency_key", "k-" + second));
    String someoneElses = openChat("kept", "someone-else", Map.of());

    // another tenant's key erases its own user of that name (none): the owner's chats are untouched
    int strangerStatus = http.withKey(newTenantKey("stranger")).delete("/api/v1/users/" + user).status();
    int ownerChatAfter = http.get("/api/v1/chats/" + first).status();
    Misuse.record("user-erasure-foreign", "DELETE /api/v1/users/{user_id} with another tenant's API key",
        strangerStatus + "; the owner's chat still answers " + ownerChatAfter);
    assertThat(strangerStatus).isEqualTo(204);
    assertThat(ownerChatAfter).isEqualTo(200);

    HttpJson.Response erased = http.delete("/api/v1/users/" + user);
    assertThat(erased.status()).as(erased.body()).isEqualTo(204);
    assertThat(http.get("/api/v1/chats/" + first).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/chats/" + second).status()).isEqualTo(404);
    assertThat(asList(http.get("/api/v1/chats/user/" + user).parsed())).isEmpty();
    assertThat(http.get("/api/v1/chats/" + someoneElses).status()).isEqualTo(200);

    AtRestScan.Result after = AtRestScan.find(database.sql(), marker);
    Misuse.record("user-erasure", "DELETE /api/v1/users/{user_id} of a user with 2 chats (user_id and texts carry a marker)",
        erased.status() + "; " + after.tables().size() + " tables scanned, hits " + after.hits().size());
    assertThat(after.hits()).isEmpty();
    String tenantId = (String) http.get("/api/v1/tenant").json().get("id");
    List<Map<String, Object>> audit = database.sql().rows("SELECT * FROM user_erasures WHERE user_hash = sha256(convert_to(?, 'UTF8'))",
        tenantId + "\n" + user);
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0)).containsEntry("chats_erased", 2);
    assertThat(String.valueOf(audit.get(0).get("erased_by"))).startsWith("key:");
    assertThat(database.sql().count("SELECT count(*) FROM chat_erasures WHERE chat_id IN (?::uuid, ?::uuid)", first, second)).isEqualTo(2);
    assertThat(database.sql().count("SELECT count(*) FROM users WHERE user_id = ?", user)).isZero();

    assertThat(http.delete("/api/v1/users/" + user).status()).isEqualTo(204); // again: nothing left, still done
    assertThat(http.withKey(null).delete("/api/v1/users/" + user).status()).isEqualTo(401);
  }

  @Test
  void a_user_with_a_turn_running_is_not_erased_halfway() {
    String user = "busy-" + UUID.randomUUID();
    String quiet = openChat("m", user, Map.of());
    String busy = openChat("m", user, Map.of());
    database.sql().update("UPDATE chat_sessions SET turn_lease_until = now() + interval '1 minute' WHERE id = ?::uuid", busy);
    HttpJson.Response refused = http.delete("/api/v1/users/" + user);
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(http.get("/api/v1/chats/" + quiet).status()).isEqualTo(200); // all or nothing
    database.sql().update("UPDATE chat_sessions SET turn_lease_until = NULL WHERE id = ?::uuid", busy);
    assertThat(http.delete("/api/v1/users/" + user).status()).isEqualTo(204);
  }

  @Test
  void the_sweeper_erases_chats_ended_longer_ago_than_the_tenants_retention() {
    CreateTenant.CreatedTenant tenant = context.getBean(CreateTenant.class).create("retaining");
    HttpJson tenantHttp = http.withKey(tenant.apiKey());
    HttpJson admin = http.withKey(null);
    String tenantPath = "/api/v1/admin/tenants/" + tenant.tenant().id() + "/retention";
    Map<String, String> adminKey = Map.of("X-Admin-Key", "test-admin-key");

    HttpJson.Response bad = admin.send("PUT", tenantPath, Map.of("retention_days", 0), adminKey);
    Misuse.record("retention-input", "PUT /api/v1/admin/tenants/{id}/retention with retention_days 0",
        bad.status() + " field " + bad.json().get("field"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("retention_days");
    assertThat(admin.send("PUT", tenantPath, Map.of("retention_days", 30), Map.of()).status()).isEqualTo(404); // no operator key: like an unknown route

    String old = (String) tenantHttp.post("/api/v1/chats", Map.of("title", "old")).json().get("id");
    String recent = (String) tenantHttp.post("/api/v1/chats", Map.of("title", "recent")).json().get("id");
    String idle = (String) tenantHttp.post("/api/v1/chats", Map.of("title", "idle but active")).json().get("id");
    tenantHttp.post("/api/v1/chats/" + old + "/end", Map.of());
    tenantHttp.post("/api/v1/chats/" + recent + "/end", Map.of());
    database.sql().update("UPDATE chat_sessions SET ended_at = now() - interval '31 days' WHERE id = ?::uuid", old);
    database.sql().update("UPDATE chat_sessions SET created_at = now() - interval '40 days', "
        + "last_activity = now() - interval '40 days' WHERE id = ?::uuid", idle);
    String primaryOld = openChat("kept", null, Map.of()); // a tenant without retention keeps everything
    http.post("/api/v1/chats/" + primaryOld + "/end", Map.of());
    database.sql().update("UPDATE chat_sessions SET ended_at = now() - interval '400 days' WHERE id = ?::uuid", primaryOld);
    // the ended chats' deliveries with an attempt logged (issue 23): retention takes the old one's, like erasure
    await().atMost(Duration.ofSeconds(10)).until(() -> database.sql().count(
        "SELECT count(*) FROM webhook_outbox WHERE chat_id IN (?::uuid, ?::uuid)", old, recent) == 2);
    assertThat(database.sql().update("UPDATE webhook_outbox SET attempt_log = '[{\"at\": \"2026-01-01T00:00:00Z\", "
        + "\"status_code\": 503, \"duration_ms\": 12, \"error\": \"HTTP 503\"}]' WHERE chat_id IN (?::uuid, ?::uuid)", old, recent))
        .isEqualTo(2);

    String events = "SELECT count(*) FROM chat_event_log WHERE chat_id = ?::uuid";
    assertThat(database.sql().count(events, old)).as("the live feeds' record of the ending").isPositive();
    HttpJson.Response set = admin.send("PUT", tenantPath, Map.of("retention_days", 30), adminKey);
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json()).containsEntry("retention_days", 30);

    await().atMost(Duration.ofSeconds(10)).until(() -> tenantHttp.get("/api/v1/chats/" + old).status() == 404);
    assertThat(tenantHttp.get("/api/v1/chats/" + recent).status()).isEqualTo(200);
    assertThat(tenantHttp.get("/api/v1/chats/" + idle).status()).isEqualTo(200);
    assertThat(http.get("/api/v1/chats/" + primaryOld).status()).isEqualTo(200);
    assertThat(database.sql().count("SELECT count(*) FROM chat_erasures WHERE chat_id = ?::uuid AND erased_by = 'retention'", old))
        .isEqualTo(1);
    assertThat(database.sql().count(events, old)).as("retention takes the chat's events with it").isZero();
    assertThat(database.sql().count(events, recent)).as("a chat within its retention keeps them").isPositive();
    assertThat(database.sql().count("SELECT count(*) FROM webhook_outbox WHERE chat_id = ?::uuid", old)).isZero();
    assertThat(database.sql().count("SELECT count(*) FROM webhook_outbox WHERE chat_id = ?::uuid "
        + "AND jsonb_array_length(attempt_log) = 1", recent)).isEqualTo(1);

    HttpJson.Response keepForever = admin.send("PUT", tenantPath, java.util.Collections.singletonMap("retention_days", null), adminKey);
    assertThat(keepForever.status()).isEqualTo(200);
    assertThat(keepForever.json()).containsEntry("retention_days", null);
  }
}
