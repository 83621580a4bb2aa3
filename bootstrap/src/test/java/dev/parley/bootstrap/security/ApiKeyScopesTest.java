package dev.parley.bootstrap.security;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.adapter.in.rest.auth.ScopeRules;
import dev.parley.application.policy.ApiKeyScope;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.WsClient;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scoped API keys (issue 23): every tenant route of the served OpenAPI document is called with a read and an operator
 * key and answers by its scope, so a new route cannot be left out of the rule table; operator keys write as their
 * operator; the tenant manages its own keys with an admin key.
 */
class ApiKeyScopesTest extends ApiTestBase {
  /** What an operator key may do beyond reading, as docs/security.md states it; every other write needs admin. */
  private static final Set<String> OPERATOR_ROUTES = Set.of("POST /api/v1/chats/{id}/handoff",
      "POST /api/v1/chats/{id}/handback", "POST /api/v1/chats/{id}/operator-messages", "POST /api/v1/chats/{id}/end",
      "POST /api/v1/chats/{id}/cancel", "POST /api/v1/chats/{id}/approvals/{approvalId}");
  /** GET routes even a read key may not call: they show credentials. */
  private static final Set<String> ADMIN_READS = Set.of("GET /api/v1/api-keys");
  private static final Map<String, String> OPERATOR_KEY_ADMIN = Map.of("X-Admin-Key", "test-admin-key");

  private OpenAPI document;
  private HttpJson read;
  private HttpJson operator;
  private String tenantId;

  @BeforeAll
  void keysOfEachScope() {
    document = new OpenAPIV3Parser().readContents(http.get("/swagger/parley-0.1.yml").body()).getOpenAPI();
    read = http.withKey(issue(Map.of("label", "reader", "scope", "read")));
    operator = http.withKey(issue(Map.of("label", "console", "scope", "operator", "operator", Map.of("id", "op-7", "name", "Ana"))));
    tenantId = (String) http.get("/api/v1/tenant").json().get("id");
  }

  private String issue(Map<String, Object> body) {
    HttpJson.Response issued = http.post("/api/v1/api-keys", body);
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    return (String) issued.json().get("api_key");
  }

  private static ApiKeyScope expected(String route) {
    if (OPERATOR_ROUTES.contains(route)) return ApiKeyScope.OPERATOR;
    if (route.startsWith("GET ") && !ADMIN_READS.contains(route)) return ApiKeyScope.READ;
    return ApiKeyScope.ADMIN;
  }

  @Test
  void every_route_of_the_document_has_a_rule_and_answers_a_lesser_key_403_naming_the_scope() {
    List<String> walked = new ArrayList<>();
    document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
      if (path.startsWith("/api/v1/admin") || !path.startsWith("/api/v1/")) return;
      String route = method.name() + " " + path;
      String concrete = path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
      assertThat(ScopeRules.ruleFor(method.name(), concrete)).as("a rule in ScopeRules for " + route).isPresent();
      ApiKeyScope needed = expected(route);
      assertThat(ScopeRules.required(method.name(), concrete)).as(route).isEqualTo(needed);
      for (var key : List.of(Map.entry(ApiKeyScope.READ, read), Map.entry(ApiKeyScope.OPERATOR, operator))) {
        // bodies are empty objects: an allowed call on a made-up id fails on the id or the body, never on the scope
        Object body = method.name().equals("GET") || method.name().equals("DELETE") ? null : Map.of();
        if (key.getKey().covers(needed) && streams(op)) { // an allowed live feed never ends: its status is enough
          assertThat(key.getValue().statusOnly(method.name(), concrete)).as(route).isNotIn(401, 403);
          continue;
        }
        HttpJson.Response answer = key.getValue().unvalidatedRequest().send(method.name(), concrete, body, Map.of());
        String as = route + " with a " + key.getKey().wireName() + " key: " + answer.body();
        if (key.getKey().covers(needed)) {
          assertThat(answer.status()).as(as).isNotIn(401, 403);
        } else {
          assertThat(answer.status()).as(as).isEqualTo(403);
          assertThat(answer.json()).as(as).containsEntry("code", "insufficient_scope");
          assertThat((String) answer.json().get("detail")).as(as).contains("scope " + needed.wireName());
          assertThat(documented(op)).as(route + " documents its 403").contains("403");
        }
      }
      walked.add(route);
    }));
    assertThat(walked).contains("POST /api/v1/agents", "GET /api/v1/chats", "POST /api/v1/chats/{id}/handoff",
        "DELETE /api/v1/api-keys/{id}", "POST /api/v1/webhook-deliveries/test");
    // approvals are decided by operators, whichever decision route they get
    assertThat(ScopeRules.required("POST", "/api/v1/chats/" + UUID.randomUUID() + "/approvals/" + UUID.randomUUID() + "/approve"))
        .isEqualTo(ApiKeyScope.OPERATOR);
    assertThat(ScopeRules.required("POST", "/api/v1/some-future-route")).as("a route no one named fails closed").isEqualTo(ApiKeyScope.ADMIN);
  }

  /** Whether the operation's 200 answer is a Server-Sent Events stream. */
  private static boolean streams(Operation op) {
    var ok = op.getResponses().get("200");
    return ok != null && ok.getContent() != null && ok.getContent().containsKey("text/event-stream");
  }

  private static Set<String> documented(Operation op) {
    return op.getResponses().keySet();
  }

  @Test
  void an_operator_key_writes_as_its_operator_and_refuses_another() {
    String chat = (String) http.post("/api/v1/chats", Map.of()).json().get("id");
    assertThat(operator.post("/api/v1/chats/" + chat + "/handoff", Map.of("reason", "console")).status()).isEqualTo(200);

    HttpJson.Response unnamed = operator.post("/api/v1/chats/" + chat + "/operator-messages", Map.of("content", "Hello from Ana"));
    assertThat(unnamed.status()).as(unnamed.body()).isEqualTo(201);
    assertThat(asMap(asMap(unnamed.json().get("message")).get("operator"))).containsEntry("id", "op-7").containsEntry("name", "Ana");
    HttpJson.Response same = operator.post("/api/v1/chats/" + chat + "/operator-messages",
        Map.of("content", "Still Ana", "operator", Map.of("id", "op-7", "name", "Ana")));
    assertThat(same.status()).isEqualTo(201);
    HttpJson.Response other = operator.post("/api/v1/chats/" + chat + "/operator-messages",
        Map.of("content", "I am the boss", "operator", Map.of("id", "boss", "name", "Boss")));
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.json()).containsEntry("code", "operator_mismatch").containsEntry("field", "/operator");
    // an admin key still names the operator itself
    assertThat(http.post("/api/v1/chats/" + chat + "/operator-messages", Map.of("content", "who?")).status()).isEqualTo(400);

    List<Object> messages = asList(read.get("/api/v1/chats/" + chat).json().get("messages"));
    assertThat(messages).filteredOn(m -> "operator".equals(asMap(m).get("role")))
        .extracting(m -> asMap(asMap(m).get("operator")).get("name")).containsExactly("Ana", "Ana");
    assertThat(read.get("/api/v1/chats/" + chat).body()).doesNotContain("I am the boss");
    assertThat(operator.post("/api/v1/chats/" + chat + "/handback", null).status()).isEqualTo(200);
    assertThat(operator.post("/api/v1/chats/" + chat + "/end", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void the_tenant_manages_its_keys_with_an_admin_key_and_values_are_shown_once() {
    HttpJson.Response created = http.post("/api/v1/api-keys", Map.of("label", "night shift", "scope", "read"));
    assertThat(created.json()).containsEntry("scope", "read").containsEntry("label", "night shift");
    String secret = (String) created.json().get("api_key");
    assertThat(secret).startsWith("pk_");
    Map<String, Object> plain = http.post("/api/v1/api-keys", Map.of()).json();
    assertThat(plain).as("a key made without a scope").containsEntry("scope", "admin");

    List<Object> listed = asList(http.get("/api/v1/api-keys").json().get("items"));
    assertThat(listed).extracting(k -> asMap(k).get("id")).contains(created.json().get("id"), plain.get("id"));
    assertThat(listed).allSatisfy(k -> assertThat(asMap(k).get("api_key")).isNull());
    assertThat(HttpJson.write(listed)).doesNotContain(secret);
    assertThat(listed).filteredOn(k -> "console".equals(asMap(k).get("label"))).singleElement()
        .satisfies(k -> assertThat(asMap(asMap(k).get("operator"))).containsEntry("id", "op-7").containsEntry("name", "Ana"));
    // at rest only a hash
    assertThat(database.sql().count("SELECT count(*) FROM api_keys WHERE label = 'night shift' AND scope = 'read'")).isEqualTo(1);

    HttpJson night = http.withKey(secret);
    assertThat(night.get("/api/v1/chats").status()).isEqualTo(200);
    assertThat(night.get("/api/v1/api-keys").status()).isEqualTo(403);
    assertThat(http.delete("/api/v1/api-keys/" + created.json().get("id")).status()).isEqualTo(204);
    assertThat(night.get("/api/v1/chats").status()).as("revoked at once").isEqualTo(401);
    assertThat(http.delete("/api/v1/api-keys/" + UUID.randomUUID()).status()).isEqualTo(404);

    HttpJson.Response badScope = http.post("/api/v1/api-keys", Map.of("scope", "root"));
    assertThat(badScope.status()).isEqualTo(400);
    assertThat(badScope.json()).containsEntry("field", "/scope");
    HttpJson.Response readWithOperator = http.unvalidatedRequest().post("/api/v1/api-keys",
        Map.of("scope", "read", "operator", Map.of("name", "Ana")));
    assertThat(readWithOperator.status()).isEqualTo(400);
    assertThat(readWithOperator.json()).containsEntry("field", "/operator");
    assertThat(http.post("/api/v1/api-keys", Map.of("label", "x".repeat(201))).json()).containsEntry("field", "/label");
  }

  @Test
  void the_vendor_socket_takes_only_admin_keys() throws Exception {
    String readKey = issue(Map.of("label", "socket reader", "scope", "read"));
    String query = "/ws/chat?user_id=u&chat_id=" + UUID.randomUUID() + "&api_key="
        + java.net.URLEncoder.encode(readKey, java.nio.charset.StandardCharsets.UTF_8);
    try (WsClient ws = WsClient.connectTo(server.getURI(), query, Map.of())) {
      Map<String, Object> error = ws.await(m -> "error".equals(m.get("event_type")), "an error");
      assertThat(error.get("code")).isEqualTo("invalid_api_key");
      assertThat(ws.awaitClose().code()).isEqualTo(1008);
    }
  }

  @Test
  void the_operator_api_issues_scoped_keys_with_an_operator() {
    HttpJson admin = http.withKey(null);
    HttpJson.Response issued = admin.send("POST", "/api/v1/admin/tenants/" + tenantId + "/api-keys",
        Map.of("label", "desk", "scope", "operator", "operator", Map.of("id", "op-9", "name", "Bo")), OPERATOR_KEY_ADMIN);
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    assertThat(issued.json()).containsEntry("scope", "operator");
    assertThat(asMap(issued.json().get("operator"))).containsEntry("name", "Bo");
    HttpJson desk = http.withKey((String) issued.json().get("api_key"));
    assertThat(desk.get("/api/v1/usage").status()).isEqualTo(200);
    HttpJson.Response refused = desk.post("/api/v1/agents", Map.of("name", "x"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat((String) refused.json().get("detail")).contains("scope admin").contains("scope operator");
    assertThat(refused.contentType()).startsWith("application/problem+json");
    Map<String, Object> listed = asMap(asList(admin.send("GET", "/api/v1/admin/tenants/" + tenantId + "/api-keys", null,
        OPERATOR_KEY_ADMIN).parsed()).stream().filter(k -> "desk".equals(asMap(k).get("label"))).findFirst().orElseThrow());
    assertThat(listed).containsEntry("scope", "operator");
    assertThat(listed.get("api_key")).isNull();
  }
}
