package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.out.persistence.PgChatEvents;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API keys, tenants and agents are cached in memory (docs/decisions/0007). Two instances on one database: a change
 * made through one is seen by the other without waiting for the entries to expire (the cache TTL is set to an hour
 * here, so only the invalidation can explain it), and an instance that cannot hear invalidations reads the database.
 */
class CachedReadsClusterTest extends ApiTestBase {
  private static final Duration PROMPTLY = Duration.ofSeconds(5);
  private EmbeddedServer serverB;
  private HttpJson httpB;
  private String tenantId;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.cache.ttl", "1h");
  }

  @BeforeAll
  void startInstanceB() {
    serverB = startAnotherServer(Map.of("parley.chat-events.reconnect-min", "5s", "parley.chat-events.reconnect-max", "5s"));
    httpB = new HttpJson(serverB.getURI(), apiKey);
    tenantId = (String) adminSend("POST", "/api/v1/admin/tenants", Map.of("name", "cached")).json().get("id");
    await().atMost(Duration.ofSeconds(10)).until(() -> events(server).isListening() && events(serverB).isListening());
  }

  private static final Map<String, String> ADMIN = Map.of("X-Admin-Key", "test-admin-key");

  private HttpJson.Response adminSend(String method, String path, Object body) {
    return http.withKey(null).send(method, path, body, ADMIN);
  }

  private static PgChatEvents events(EmbeddedServer s) {
    return s.getApplicationContext().getBean(PgChatEvents.class);
  }

  private Map<String, Object> issueKey() {
    HttpJson.Response issued = adminSend("POST", "/api/v1/admin/tenants/" + tenantId + "/api-keys", Map.of("label", "t"));
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    return issued.json();
  }

  private static int statusWith(HttpJson on, String key) {
    return on.withKey(key).get("/api/v1/agents").status();
  }

  @Test
  void a_revoked_key_stops_working_at_once_here_and_promptly_on_the_other_instance() {
    Map<String, Object> key = issueKey();
    String value = (String) key.get("api_key");
    assertThat(statusWith(http, value)).isEqualTo(200); // cached on both instances now
    assertThat(statusWith(httpB, value)).isEqualTo(200);
    assertThat(statusWith(httpB, value)).isEqualTo(200);

    assertThat(adminSend("DELETE", "/api/v1/admin/tenants/" + tenantId + "/api-keys/" + key.get("id"), null).status()).isEqualTo(204);

    assertThat(statusWith(http, value)).isEqualTo(401);
    await().atMost(PROMPTLY).untilAsserted(() -> assertThat(statusWith(httpB, value)).isEqualTo(401));
  }

  @Test
  void an_updated_agent_answers_with_its_new_script_on_the_other_instance() {
    HttpJson.Response created = http.post("/api/v1/agents", agent("before"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String agentId = (String) created.json().get("id");
    assertThat(replyOn(httpB, agentId)).isEqualTo("before"); // B caches the agent

    HttpJson.Response updated = http.put("/api/v1/agents/" + agentId, agent("after"));
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);

    await().atMost(PROMPTLY).untilAsserted(() -> assertThat(replyOn(httpB, agentId)).isEqualTo("after"));
  }

  @Test
  void a_deleted_agent_opens_no_chat_on_the_other_instance() {
    String agentId = (String) http.post("/api/v1/agents", agent("soon gone")).json().get("id");
    assertThat(replyOn(httpB, agentId)).isEqualTo("soon gone");

    assertThat(http.delete("/api/v1/agents/" + agentId).status()).isEqualTo(204);

    await().atMost(PROMPTLY).untilAsserted(() ->
        assertThat(httpB.post("/api/v1/chats", Map.of("agent_id", agentId)).status()).isBetween(400, 499));
  }

  @Test
  void an_instance_that_cannot_hear_invalidations_reads_the_database() throws Exception {
    Map<String, Object> key = issueKey();
    String value = (String) key.get("api_key");
    assertThat(statusWith(httpB, value)).isEqualTo(200);

    // Cut B's listening connection (B waits 5 s before reconnecting), then revoke on A: B misses the notification.
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
         PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
      ps.setString(1, events(serverB).applicationName());
      ps.execute();
    }
    await().atMost(PROMPTLY).until(() -> !events(serverB).isListening());
    assertThat(adminSend("DELETE", "/api/v1/admin/tenants/" + tenantId + "/api-keys/" + key.get("id"), null).status()).isEqualTo(204);

    assertThat(statusWith(httpB, value)).isEqualTo(401);
    await().atMost(Duration.ofSeconds(15)).until(() -> events(serverB).isListening());
  }

  private String replyOn(HttpJson on, String agentId) {
    HttpJson.Response chat = on.post("/api/v1/chats", Map.of("agent_id", agentId));
    assertThat(chat.status()).as(chat.body()).isEqualTo(201);
    HttpJson.Response turn = on.post("/api/v1/chats/" + chat.json().get("id") + "/messages", Map.of("content", "hi"));
    assertThat(turn.status()).as(turn.body()).isEqualTo(200);
    List<Object> messages = HttpJson.asList(turn.json().get("messages"));
    return (String) HttpJson.asMap(messages.get(messages.size() - 1)).get("content");
  }

  private static Map<String, Object> agent(String fallback) {
    return Map.of("name", "Cached", "prompt", "p", "model", Map.of("provider", "scripted"),
        "script", Map.of("rules", List.of(), "fallback", fallback));
  }
}
