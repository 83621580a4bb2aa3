package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Web integration tokens (seed 05): create (token shown once), list, revoke; tenant-scoped like everything else. */
class WebIntegrationsApiTest extends ApiTestBase {

  private String newAgent() {
    HttpJson.Response r = http.post("/api/v1/agents", Map.of("name", "Widget bot", "greeting", "Hi!"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return (String) r.json().get("id");
  }

  private String path(String agentId) {
    return "/api/v1/agents/" + agentId + "/web-integrations";
  }

  @Test
  void create_answers_201_with_the_token_once_and_the_list_never_shows_it() throws Exception {
    String agentId = newAgent();
    String expires = Instant.now().plusSeconds(86_400).toString();
    HttpJson.Response created = http.post(path(agentId), Map.of("allow_web_chat", true,
        "allowed_origins", List.of("https://Shop.Example:443/", "http://localhost:8080"), "expires_at", expires,
        "client_tools", List.of(Map.of("name", "scrollTo", "description", "Scroll the page",
            "parameters", Map.of("type", "object", "properties", Map.of("id", Map.of("type", "string")))))));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Map<String, Object> body = created.json();
    assertThat(body).containsKeys("id", "token", "agent_id", "allow_web_chat", "allowed_origins", "expires_at", "client_tools",
        "created_at");
    String token = (String) body.get("token");
    assertThat(token).startsWith("wt_").hasSizeGreaterThan(40);
    assertThat(body).containsEntry("agent_id", agentId).containsEntry("allow_web_chat", true);
    assertThat(asList(body.get("allowed_origins"))).containsExactly("https://shop.example", "http://localhost:8080");
    assertThat(Instant.parse((String) body.get("expires_at"))).isEqualTo(Instant.parse(expires));
    assertThat(asMap(asList(body.get("client_tools")).get(0))).containsEntry("name", "scrollTo");
    assertThat(created.header("Location")).isEqualTo(path(agentId) + "/" + body.get("id"));

    HttpJson.Response list = http.get(path(agentId));
    assertThat(list.status()).isEqualTo(200);
    List<Object> items = asList(list.json().get("items"));
    assertThat(items).hasSize(1);
    assertThat(asMap(items.get(0))).containsEntry("id", body.get("id")).doesNotContainKey("token")
        .containsEntry("revoked_at", null);
    assertThat(list.body()).doesNotContain(token);

    // Only the SHA-256 of the token is stored: no column holds it in clear.
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
         PreparedStatement st = c.prepareStatement(
             "SELECT token_hash = ?, position(? in row_to_json(w)::text) FROM web_integrations w WHERE id = ?::uuid")) {
      st.setBytes(1, MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      st.setString(2, token);
      st.setString(3, (String) body.get("id"));
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
        assertThat(rs.getInt(2)).isZero();
      }
    }
  }

  @Test
  void allow_web_chat_defaults_to_true_and_no_origins_means_any() {
    Map<String, Object> body = http.post(path(newAgent()), Map.of()).json();
    assertThat(body).containsEntry("allow_web_chat", true).containsEntry("expires_at", null);
    assertThat(asList(body.get("allowed_origins"))).isEmpty();
    assertThat(asList(body.get("client_tools"))).isEmpty();
  }

  @Test
  void bad_input_is_a_400_problem_naming_the_field() {
    String agentId = newAgent();
    Map<Map<String, Object>, String> cases = Map.of(
        Map.of("allowed_origins", List.of("shop.example")), "/allowed_origins",
        Map.of("allowed_origins", List.of("https://shop.example/path")), "/allowed_origins",
        Map.of("expires_at", "tomorrow"), "/expires_at",
        Map.of("expires_at", Instant.now().minusSeconds(60).toString()), "/expires_at",
        Map.of("client_tools", List.of(Map.of("name", "hook", "webhook", Map.of("url", "https://example.com")))), "/client_tools/webhook",
        Map.of("client_tools", List.of(Map.of("name", "bad-name"))), "/tools/name",
        Map.of("client_tools", List.of(Map.of("name", "twice"), Map.of("name", "twice"))), "/client_tools/name");
    cases.forEach((body, field) -> {
      HttpJson.Response r = http.post(path(agentId), body);
      assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(400);
      assertThat(r.contentType()).contains("application/problem+json");
      assertThat(r.json()).as(body.toString()).containsEntry("field", field);
    });
    assertThat(http.post(path(agentId), "{\"allow_web_chat\": ").status()).isEqualTo(400);
    assertThat(asList(http.get(path(agentId)).json().get("items"))).isEmpty();
  }

  @Test
  void revoke_answers_204_is_idempotent_and_shows_in_the_list() {
    String agentId = newAgent();
    String id = (String) http.post(path(agentId), Map.of()).json().get("id");
    assertThat(http.delete(path(agentId) + "/" + id).status()).isEqualTo(204);
    assertThat(http.delete(path(agentId) + "/" + id).status()).isEqualTo(204);
    Map<String, Object> item = asMap(asList(http.get(path(agentId)).json().get("items")).get(0));
    assertThat(item.get("revoked_at")).isNotNull();
    assertThat(http.delete(path(agentId) + "/" + UUID.randomUUID()).status()).isEqualTo(404);
  }

  @Test
  void another_tenants_agent_and_integrations_answer_404_and_unknown_agents_too() {
    String agentId = newAgent();
    String id = (String) http.post(path(agentId), Map.of()).json().get("id");
    HttpJson other = http.withKey(newTenantKey("other"));
    assertThat(other.post(path(agentId), Map.of()).status()).isEqualTo(404);
    assertThat(other.get(path(agentId)).status()).isEqualTo(404);
    assertThat(other.delete(path(agentId) + "/" + id).status()).isEqualTo(404);
    assertThat(asMap(asList(http.get(path(agentId)).json().get("items")).get(0))).containsEntry("revoked_at", null);

    String otherAgent = (String) other.post("/api/v1/agents", Map.of("name", "Theirs")).json().get("id");
    assertThat(http.delete(path(otherAgent) + "/" + id).status()).isEqualTo(404); // my integration, their agent's path
    assertThat(http.post(path(UUID.randomUUID().toString()), Map.of()).status()).isEqualTo(404);
    assertThat(http.get(path("not-a-uuid")).status()).isEqualTo(400);
  }

  @Test
  void a_deleted_agent_takes_no_new_integrations() {
    String agentId = newAgent();
    assertThat(http.delete("/api/v1/agents/" + agentId).status()).isEqualTo(204);
    assertThat(http.post(path(agentId), Map.of()).status()).isEqualTo(404);
  }

  @Test
  void the_endpoints_need_an_api_key() {
    String agentId = newAgent();
    assertThat(http.withKey(null).post(path(agentId), Map.of()).status()).isEqualTo(401);
    assertThat(http.withKey(null).get(path(agentId)).status()).isEqualTo(401);
    assertThat(http.withKey("wt_not_an_api_key").get(path(agentId)).status()).isEqualTo(401);
  }
}
