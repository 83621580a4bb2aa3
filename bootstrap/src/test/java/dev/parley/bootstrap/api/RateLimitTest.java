package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RateLimitTest extends ApiTestBase {

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.rate-limit.per-second", 0.5, "parley.rate-limit.burst", 3);
  }

  @Test
  void a_key_past_its_burst_gets_429_with_retry_after_while_another_key_is_served() {
    List<HttpJson.Response> responses = new ArrayList<>();
    for (int i = 0; i < 4; i++) responses.add(http.get("/api/v1/chats"));
    assertThat(responses.subList(0, 3)).extracting(HttpJson.Response::status).containsOnly(200);
    HttpJson.Response limited = responses.get(3);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.contentType()).contains("application/problem+json");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 2L);
    assertThat(http.withKey(newTenantKey("second")).get("/api/v1/chats").status()).isEqualTo(200);
  }

  /** The sockets' chat messages draw on the same buckets; a budget that does not refill during the test. */
  @Nested
  class OnTheSockets extends ApiTestBase {
    @Override
    protected Map<String, Object> extraProperties() {
      return Map.of("parley.rate-limit.per-second", 0.0001, "parley.rate-limit.burst", 4);
    }

    @Test
    void ws_chat_messages_share_the_api_keys_budget_and_past_it_get_a_rate_limited_error_on_an_open_socket() {
      String chat = (String) http.post("/api/v1/chats", Map.of()).json().get("id"); // 1 of 4
      String query = "/ws/chat?user_id=u&chat_id=" + chat + "&api_key=" + URLEncoder.encode(apiKey, StandardCharsets.UTF_8);
      try (WsClient ws = WsClient.connectTo(server.getURI(), query, Map.of())) {
        ws.await(m -> "connection_established".equals(m.get("event_type")), "connection_established");
        for (int i = 1; i <= 3; i++) { // 2, 3 and 4 of 4
          int mark = ws.size();
          ws.send(Map.of("content", "message " + i));
          ws.awaitFrom(mark, m -> "message_stream_ended".equals(m.get("event_type")), "the reply to message " + i);
        }
        int mark = ws.size();
        ws.send(Map.of("content", "one too many"));
        Map<String, Object> error = ws.awaitFrom(mark, m -> "error".equals(m.get("event_type")), "the rate_limited error");
        assertThat(error).containsEntry("code", "rate_limited");
        assertThat(((Number) error.get("retry_after")).longValue()).isPositive();
        assertThat(ws.isClosed()).isFalse();
        assertThat(http.get("/api/v1/chats").status()).as("the same key over REST").isEqualTo(429);
        assertThat(http.get("/api/v1/chats/" + chat + "/messages").status()).isEqualTo(429);
      }
      HttpJson other = http.withKey(newTenantKey("other"));
      assertThat(other.get("/api/v1/chats/" + chat + "/messages").status()).as("another key is served").isEqualTo(404);
    }

    @Test
    void webcall_chat_messages_are_counted_per_client_address_and_past_the_budget_get_a_rate_limited_error_frame() {
      HttpJson owner = http.withKey(newTenantKey("webcall-owner"));
      String agent = (String) HttpJson.asMap(HttpJson.asList(owner.get("/api/v1/agents").json().get("items")).get(0)).get("id");
      String token = (String) owner.post("/api/v1/agents/" + agent + "/web-integrations", Map.of()).json().get("token");
      try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + token)) {
        ws.send(Map.of("type", "initialize", "request", Map.of("callType", "chat")));
        ws.awaitEvent("opened");
        for (int i = 1; i <= 4; i++) {
          int mark = ws.size();
          ws.send(Map.of("type", "incomingChatMessage", "content", "message " + i));
          ws.awaitFrom(mark, m -> "text".equals(m.get("type")) && "assistant".equals(HttpJson.asMap(m.get("content")).get("source")),
              "the reply to message " + i);
        }
        int mark = ws.size();
        ws.send(Map.of("type", "incomingChatMessage", "content", "one too many"));
        Map<String, Object> error = ws.awaitFrom(mark, m -> "error".equals(m.get("type")), "the rate_limited error");
        assertThat(HttpJson.asMap(error.get("data"))).containsEntry("code", "rate_limited");
        assertThat(ws.isClosed()).isFalse();
        ws.send(Map.of("type", "terminate")); // other messages are not counted
        ws.awaitType("conversationResult");
      }
    }
  }

  /** Counts of each status, in order of first appearance: "30×401, 30×429". */
  static String tally(List<Integer> statuses) {
    Map<Integer, Integer> counts = new LinkedHashMap<>();
    for (int status : statuses) counts.merge(status, 1, Integer::sum);
    List<String> parts = new ArrayList<>();
    counts.forEach((status, n) -> parts.add(n + "×" + status));
    return String.join(", ", parts);
  }

  static List<Integer> statuses(int times, Supplier<HttpJson.Response> request) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < times; i++) statuses.add(request.get().status());
    return statuses;
  }

  /** Made-up and missing keys are failed credentials of the client address (default: 30 a minute). */
  @Nested
  class MadeUpKeys extends ApiTestBase {
    @Override
    protected Map<String, Object> extraProperties() {
      return Map.of("parley.rate-limit.failed-credentials-per-minute", 30);
    }

    @Test
    void sixty_made_up_keys_from_one_address_get_401_thirty_times_then_429_with_retry_after() {
      long started = System.nanoTime();
      List<HttpJson.Response> responses = new ArrayList<>();
      for (int i = 0; i < 60; i++) responses.add(http.withKey("pk_" + UUID.randomUUID()).get("/api/v1/chats"));
      long millis = (System.nanoTime() - started) / 1_000_000;
      List<Integer> statuses = responses.stream().map(HttpJson.Response::status).toList();
      HttpJson.Response limited = responses.stream().filter(r -> r.status() == 429).findFirst().orElse(responses.get(59));
      Misuse.record("made-up-api-keys", "60 GET /api/v1/chats from one address, each with a new random X-API-Key",
          tally(statuses) + " (Retry-After " + limited.header("Retry-After") + " s) in " + millis + " ms");
      assertThat(statuses.subList(0, 30)).containsOnly(401);
      assertThat(statuses).containsOnly(401, 429);
      long refilled = millis / 2000 + 1; // the budget earns one attempt back every 2 s
      assertThat(statuses.stream().filter(status -> status == 401).count()).isBetween(30L, 30 + refilled);
      assertThat(limited.contentType()).contains("application/problem+json");
      assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 2L); // 30 a minute: one every 2 s
      assertThat(http.withKey(null).get("/api/v1/chats").status()).as("a missing key, same address").isEqualTo(429);
    }
  }

  /**
   * Behind a load balancer on 127.0.0.1 ({@code parley.trusted-proxies}): its X-Forwarded-For or Forwarded header
   * names the client, and each test is its own client address.
   */
  @Nested
  class BehindATrustedProxy extends ApiTestBase {
    @Override
    protected Map<String, Object> extraProperties() {
      return Map.of("parley.trusted-proxies", "127.0.0.1/32, ::1/128", "parley.rate-limit.failed-credentials-per-minute", 3,
          "parley.rate-limit.admin-per-minute", 5);
    }

    private HttpJson.Response anonymous(String header, String value) {
      return http.withKey(null).send("GET", "/api/v1/chats", null, Map.of(header, value));
    }

    @Test
    void the_forwarded_client_address_decides_the_bucket_and_what_the_client_wrote_left_of_it_does_not() {
      List<Integer> first = statuses(4, () -> anonymous("X-Forwarded-For", "203.0.113.1"));
      assertThat(first).containsExactly(401, 401, 401, 429);
      assertThat(anonymous("X-Forwarded-For", "203.0.113.2").status()).as("another client behind the proxy").isEqualTo(401);
      assertThat(anonymous("X-Forwarded-For", "198.51.100.77, 203.0.113.1").status())
          .as("a made-up entry left of the address the proxy appended").isEqualTo(429);
      assertThat(anonymous("Forwarded", "for=203.0.113.1;proto=https").status()).isEqualTo(429);
      Misuse.record("forwarded-address", "missing keys via a trusted proxy (127.0.0.1/32) as X-Forwarded-For 203.0.113.1, "
          + "then 203.0.113.2, then '198.51.100.77, 203.0.113.1'", "203.0.113.1: " + tally(first)
          + "; 203.0.113.2: 401; the prepended entry did not help: 429");
    }

    @Test
    void made_up_keys_on_the_ws_chat_socket_are_failed_credentials_of_the_address() {
      List<String> outcomes = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String query = "/ws/chat?user_id=u&chat_id=" + UUID.randomUUID() + "&api_key=pk_" + UUID.randomUUID();
        try (WsClient ws = WsClient.connectTo(server.getURI(), query, Map.of("X-Forwarded-For", "203.0.113.70"))) {
          Map<String, Object> error = ws.await(m -> "error".equals(m.get("event_type")), "an error");
          outcomes.add(error.get("code") + " " + ws.awaitClose().code());
        }
      }
      Misuse.record("made-up-api-keys-ws-chat", "5 /ws/chat connects from one address, each with a new random api_key "
          + "(failed-credentials-per-minute 3)", String.join(", ", outcomes));
      assertThat(outcomes).containsExactly("invalid_api_key 1008", "invalid_api_key 1008", "invalid_api_key 1008",
          "rate_limited 1013", "rate_limited 1013");
    }

    @Test
    void a_browser_token_sent_as_bearer_is_not_a_failed_api_key() {
      Map<String, String> client = Map.of("X-Forwarded-For", "203.0.113.50");
      List<HttpJson.Response> responses = new ArrayList<>();
      for (int i = 0; i < 10; i++)
        responses.add(http.withKey(null).send("GET", "/api/v1/chats", null,
            Map.of("X-Forwarded-For", "203.0.113.50", "Authorization", "Bearer wt_" + UUID.randomUUID())));
      assertThat(responses).extracting(HttpJson.Response::status).containsOnly(401);
      assertThat(responses.get(0).body()).contains("webCall");
      assertThat(http.withKey("pk_made-up").send("GET", "/api/v1/chats", null, client).status())
          .as("the address's failed-credential budget is untouched").isEqualTo(401);
    }

    @Test
    void wrong_operator_keys_are_failed_credentials_and_the_operator_api_is_limited_per_address() {
      Map<String, String> guesser = Map.of("X-Forwarded-For", "203.0.113.60", "X-Admin-Key", "guess");
      List<Integer> guesses = statuses(4, () -> http.withKey(null).post("/api/v1/admin/tenants", Map.of("name", "x"), guesser));
      assertThat(guesses).containsExactly(404, 404, 404, 429); // a wrong key reads like an unknown route
      Map<String, String> operator = Map.of("X-Forwarded-For", "203.0.113.61", "X-Admin-Key", "test-admin-key");
      List<Integer> calls = statuses(6, () -> http.withKey(null).post("/api/v1/admin/tenants", Map.of("name", "y"), operator));
      assertThat(calls).containsExactly(201, 201, 201, 201, 201, 429);
      Misuse.record("admin-api-limits", "POST /api/v1/admin/tenants: 4 wrong X-Admin-Key from one address; 6 right ones from "
          + "another (admin-per-minute 5, failed-credentials-per-minute 3)", "wrong: " + tally(guesses) + "; right: " + tally(calls));
    }
  }

  /** No trusted proxy: forwarding headers are the client's own words and change nothing. */
  @Nested
  class WithoutTrustedProxies extends ApiTestBase {
    @Override
    protected Map<String, Object> extraProperties() {
      return Map.of("parley.rate-limit.failed-credentials-per-minute", 3);
    }

    @Test
    void a_client_cannot_dodge_its_limit_by_inventing_forwarding_headers() {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 5; i++)
        statuses.add(http.withKey("pk_" + UUID.randomUUID()).send("GET", "/api/v1/chats", null,
            Map.of("X-Forwarded-For", "203.0.113." + i, "Forwarded", "for=198.51.100." + i)).status());
      Misuse.record("spoofed-forwarded-for", "5 made-up keys from 127.0.0.1, each with a new X-Forwarded-For and Forwarded "
          + "(no trusted proxy; failed-credentials-per-minute 3)", tally(statuses));
      assertThat(statuses).containsExactly(401, 401, 401, 429, 429);
    }
  }
}
