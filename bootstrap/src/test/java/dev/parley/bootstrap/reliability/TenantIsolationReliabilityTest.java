package dev.parley.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security, table-driven: every tenant route called with a foreign tenant's API key on the owner's resources answers
 * 404 and never the data; listings with the foreign key show none of it; tenant keys get nowhere on the operator
 * API. API keys are stored only as hashes (no table holds a key in plain text) and never logged. Rate limiting per
 * key (429 + Retry-After) is RateLimitTest.
 *
 * <p>The stateless completion endpoint is in the table twice: the owner's state and history replayed by the foreign
 * tenant, with the owner's stored agent and with an inline agent. It must answer exactly as for a forged state (the
 * baseline replaces the owner's state with one altered byte), show nothing of the call, and the owner's call must
 * go on. Foreign and revoked credentials on the sockets are WebSocketFaultReliabilityTest.
 */
class TenantIsolationReliabilityTest extends ApiTestBase {

  record Route(String method, String path, Object body) {}

  @Test
  void every_route_with_a_foreign_key_answers_404_and_leaks_nothing_and_keys_are_hashed_at_rest_and_never_logged() {
    try (LogCapture logs = LogCapture.attach()) {
      String foreignKey = newTenantKey("foreign");
      HttpJson foreign = http.withKey(foreignKey);
      String agent = (String) http.post("/api/v1/agents", Map.of("name", "Owner-secret-agent", "greeting", "Hi owner",
          "completion_webhook", Map.of("url", "http://127.0.0.1:9/hook", "secret", "owner-hook-secret"))).json().get("id");
      String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agent, "user_id", "alice-owner")).json().get("id");
      http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "owner-secret-content"));
      String ended = (String) http.post("/api/v1/chats", Map.of("agent_id", agent, "user_id", "alice-owner")).json().get("id");
      http.post("/api/v1/chats/" + ended + "/end", Map.of());
      await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/api/v1/chats/" + ended + "/analysis").status() == 200);
      String delivery = (String) HttpJson.asMap(HttpJson.asList(http.get("/api/v1/webhook-deliveries?chat_id=" + ended).json()
          .get("items")).get(0)).get("id");

      // A stateless call of the owner's, one turn in, by stored agent and by inline agent: the foreign tenant replays
      // its second turn.
      Map<String, Object> inline = Map.of("name", "Owner-inline-agent", "greeting", "Hi",
          "script", Map.of("rules", List.of(), "fallback", "Owner heard {{last_user_message}}"));
      List<Route> stateless = new ArrayList<>();
      List<String> statelessIds = new ArrayList<>();
      Map<String, Object> ownerSecondTurn = null;
      for (Object agentRef : List.of(Map.of("id", agent), inline)) {
        List<Object> h1 = List.of(Map.of("role", "user", "content", "owner-stateless-secret"));
        HttpJson.Response first = http.post("/api/v1/text-chat/completion", Map.of("agent", agentRef, "messages", h1));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        List<Object> h2 = new ArrayList<>(h1);
        h2.addAll(HttpJson.asList(first.json().get("messages")));
        h2.add(Map.of("role", "user", "content", "intruder"));
        String state = (String) first.json().get("state");
        STAND_INS.put(state, forged(state));
        statelessIds.add((String) first.json().get("chat_id"));
        statelessIds.add((String) first.json().get("call_id"));
        Map<String, Object> body = Map.of("agent", agentRef, "messages", h2, "state", state);
        stateless.add(new Route("POST", "/api/v1/text-chat/completion", body));
        if (ownerSecondTurn == null) ownerSecondTurn = body;
      }
      List<Route> routes = new ArrayList<>(foreignRoutes(chat, ended, agent, delivery));
      routes.addAll(stateless);
      List<String> secrets = new ArrayList<>(List.of(chat, ended, agent, delivery, "owner-secret-content", "Owner-secret-agent",
          "alice-owner", "Hi owner", "Owner heard"));
      secrets.addAll(statelessIds);
      int notFound = 0;
      List<String> leaks = new ArrayList<>();
      String nobody = "00000000-0000-7000-8000-000000000000";
      for (Route r : routes) {
        HttpJson.Response response = foreign.send(r.method(), r.path(), r.body(), Map.of());
        // the same request naming a resource that exists nowhere: a foreign resource must look exactly like it
        Route absent = new Route(r.method(), anonymise(r.path(), secrets, nobody), r.body() == null ? null
            : anonymise(HttpJson.write(r.body()), secrets, nobody));
        HttpJson.Response baseline = foreign.send(absent.method(), absent.path(), absent.body(), Map.of());
        boolean indistinguishable = response.status() == baseline.status()
            && anonymise(String.valueOf(response.body()), secrets, nobody).equals(String.valueOf(baseline.body()));
        if (response.status() == 404 && indistinguishable) notFound++;
        else if (response.status() == 400 && indistinguishable) notFound++; // e.g. an unknown agent_id in a body: 400 either way
        else leaks.add(r.method() + " " + r.path() + " -> " + response.status() + " (nonexistent: " + baseline.status() + ")");
        for (String s : secrets)
          if (!r.path().contains(s) && !String.valueOf(r.body()).contains(s) && response.body() != null && response.body().contains(s))
            leaks.add(r.method() + " " + r.path() + " shows " + s);
      }
      List<String> listings = List.of("/api/v1/chats?state=all", "/api/v1/chats?agent_id=" + agent, "/api/v1/chats/user/alice-owner",
          "/api/v1/agents", "/api/v1/webhook-deliveries", "/api/v1/webhook-deliveries?chat_id=" + ended);
      for (String path : listings) {
        HttpJson.Response response = foreign.get(path);
        if (response.status() != 200) leaks.add("GET " + path + " -> " + response.status());
        for (String s : secrets) if (response.body().contains(s)) leaks.add("GET " + path + " shows " + s);
      }
      // the operator API does not take tenant keys, neither as an API key nor as the admin key
      int adminRefused = 0;
      for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("X-Admin-Key", apiKey))) {
        for (Route r : List.of(new Route("POST", "/api/v1/admin/tenants", Map.of("name", "x")),
            new Route("GET", "/api/v1/admin/tenants/00000000-0000-0000-0000-000000000000/api-keys", null))) {
          int status = http.send(r.method(), r.path(), r.body(), headers).status();
          if (status == 401 || status == 404) adminRefused++;
          else leaks.add("admin " + r.path() + " with a tenant key -> " + status);
        }
      }
      // the owner's data is as it was
      Map<String, Object> owned = http.get("/api/v1/chats/" + chat).json();
      // ...and the owner's stateless call goes on from the very state the foreign tenant replayed, under its own ids
      HttpJson.Response ownerGoesOn = http.post("/api/v1/text-chat/completion", ownerSecondTurn);
      boolean intact = "active".equals(owned.get("status")) && HttpJson.asList(owned.get("messages")).size() == 3
          && http.get("/api/v1/agents/" + agent).status() == 200
          && ownerGoesOn.status() == 200 && statelessIds.get(0).equals(ownerGoesOn.json().get("chat_id"))
          && foreign.get("/api/v1/chats/" + statelessIds.get(0)).status() == 404;

      Sql db = database.sql();
      List<String> tables = db.strings("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
      int plaintextAtRest = 0;
      for (String table : tables)
        for (String row : db.strings("SELECT t::text FROM \"" + table + "\" t"))
          if (row.contains(apiKey) || row.contains(foreignKey)) plaintextAtRest++;
      long hashedKeys = db.count("SELECT count(*) FROM api_keys WHERE octet_length(key_hash) = 32");
      long keysInLogs = logs.all().stream().filter(e -> e.text().contains(apiKey) || e.text().contains(foreignKey)).count();

      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("routes", routes.size());
      summary.put("foreign_answered_as_nonexistent", notFound);
      summary.put("listings_checked", listings.size());
      summary.put("admin_refused", adminRefused);
      summary.put("leaks", leaks.size());
      summary.put("owner_data_intact", intact);
      summary.put("tables_scanned", tables.size());
      summary.put("plaintext_keys_at_rest", plaintextAtRest);
      summary.put("sha256_key_hashes", hashedKeys);
      summary.put("keys_in_logs", keysInLogs);
      Summary.print("tenant-isolation", summary);

      assertThat(leaks).isEmpty();
      assertThat(notFound).isEqualTo(routes.size());
      assertThat(intact).isTrue();
      assertThat(plaintextAtRest).isZero();
      assertThat(hashedKeys).isGreaterThanOrEqualTo(2);
      assertThat(keysInLogs).isZero();
    }
  }

  /** Owner's states and the forged state standing in for each in the baseline request. */
  private static final Map<String, String> STAND_INS = new LinkedHashMap<>();

  private static String anonymise(String text, List<String> ids, String nobody) {
    String out = text;
    for (String id : ids.subList(0, 4)) out = out.replace(id, nobody);
    for (Map.Entry<String, String> state : STAND_INS.entrySet()) out = out.replace(state.getKey(), state.getValue());
    return out;
  }

  /** The same state with one character in its sealed part changed: a state no one ever issued. */
  private static String forged(String state) {
    int at = state.length() / 2;
    return state.substring(0, at) + (state.charAt(at) == 'A' ? 'B' : 'A') + state.substring(at + 1);
  }

  /** Every tenant route that names one resource, with a body where it takes one. */
  static List<Route> foreignRoutes(String chat, String ended, String agent, String delivery) {
    return List.of(
        new Route("GET", "/api/v1/chats/" + chat, null),
        new Route("GET", "/api/v1/chats/" + chat + "/messages", null),
        new Route("GET", "/api/v1/chats/" + chat + "/activity", null),
        new Route("GET", "/api/v1/chats/" + ended + "/analysis", null),
        new Route("POST", "/api/v1/chats/" + chat + "/messages", Map.of("content", "intruder")),
        new Route("POST", "/api/v1/chats/" + chat + "/end", Map.of()),
        new Route("DELETE", "/api/v1/chats/" + chat, null),
        new Route("POST", "/api/v1/chats", Map.of("agent_id", agent)),
        new Route("GET", "/api/v1/agents/" + agent, null),
        new Route("PUT", "/api/v1/agents/" + agent, Map.of("name", "stolen")),
        new Route("DELETE", "/api/v1/agents/" + agent, null),
        new Route("GET", "/api/v1/webhook-deliveries/" + delivery, null),
        new Route("POST", "/api/v1/webhook-deliveries/" + delivery + "/replay", Map.of()));
  }
}
