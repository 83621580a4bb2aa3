package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.WsClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a public web token may open on the webCall socket. The server trusts 127.0.0.1 as a proxy, so each test is
 * its own client address (X-Forwarded-For) and its own web integration: their budgets do not meet.
 */
class WebChatOpenLimitsTest extends ApiTestBase {
  private String agentId;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.trusted-proxies", "127.0.0.1/32, ::1/128",
        "parley.rate-limit.chat-opens-per-minute", 20, "parley.rate-limit.chat-opens-per-token-per-minute", 25,
        "parley.rate-limit.failed-credentials-per-minute", 5, "parley.webchat.watch-interval", "200ms");
  }

  @BeforeAll
  void agent() {
    HttpJson.Response created = http.post("/api/v1/agents", Map.of("name", "Site bot", "greeting", "Hello!",
        "script", Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    agentId = (String) created.json().get("id");
  }

  private String newToken(Map<String, Object> body) {
    HttpJson.Response r = http.post("/api/v1/agents/" + agentId + "/web-integrations", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return (String) r.json().get("token");
  }

  private WsClient connect(String token, String clientAddress) {
    return WsClient.connect(server.getURI(), "?token=" + token, Map.of("X-Forwarded-For", clientAddress));
  }

  private static Map<String, Object> initialize(Object additionalData) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("callType", "chat");
    request.put("additionalData", additionalData);
    return Map.of("type", "initialize", "request", request);
  }

  /** Connects, sends initialize and answers what came back: "opened", or the error code and close code. */
  private String open(String token, String clientAddress, Object additionalData) {
    try (WsClient ws = connect(token, clientAddress)) {
      ws.send(initialize(additionalData));
      Map<String, Object> answer = ws.await(m -> "error".equals(m.get("type")) || "opened".equals(m.get("name")), "opened or an error");
      if ("opened".equals(answer.get("name"))) return "opened";
      return asMap(answer.get("data")).get("code") + " " + ws.awaitClose().code();
    }
  }

  private static String tally(List<String> outcomes) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String outcome : outcomes) counts.merge(outcome, 1, Integer::sum);
    List<String> parts = new ArrayList<>();
    counts.forEach((outcome, n) -> parts.add(n + "× " + outcome));
    return String.join(", ", parts);
  }

  @Test
  void thirty_chat_opens_from_one_address_open_twenty_and_the_rest_get_rate_limited_and_a_close() {
    String token = newToken(Map.of());
    long started = System.nanoTime();
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 30; i++) outcomes.add(open(token, "203.0.113.10", Map.of("round", i, "note", "x".repeat(1000))));
    long millis = (System.nanoTime() - started) / 1_000_000;
    Misuse.record("web-chat-opens", "30 webCall connects + initialize with one public token from one address",
        tally(outcomes) + " in " + millis + " ms (limit 20 a minute per address)");
    assertThat(outcomes.subList(0, 20)).containsOnly("opened");
    assertThat(outcomes).containsOnly("opened", "rate_limited 1013");
    long earnedBack = millis / 3000 + 1; // 20 a minute: one open back every 3 s
    assertThat(outcomes.stream().filter("opened"::equals).count()).isBetween(20L, 20 + earnedBack);
    assertThat(open(token, "203.0.113.11", Map.of())).as("another visitor of the same site").isEqualTo("opened");
  }

  @Test
  void a_public_token_has_a_rate_of_its_own_whatever_the_addresses() {
    String token = newToken(Map.of());
    List<String> outcomes = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < 30; i++) outcomes.add(open(token, "198.51.100." + (i + 1), Map.of()));
    long millis = (System.nanoTime() - started) / 1_000_000;
    Misuse.record("web-chat-opens-per-token", "30 chat opens with one public token, each from its own address "
        + "(chat-opens-per-token-per-minute 25)", tally(outcomes) + " in " + millis + " ms");
    assertThat(outcomes.subList(0, 25)).containsOnly("opened");
    assertThat(outcomes).containsOnly("opened", "rate_limited 1013");
    long earnedBack = millis / 2400 + 1; // 25 a minute: one open back every 2.4 s
    assertThat(outcomes.stream().filter("opened"::equals).count()).isBetween(25L, Math.min(29, 25 + earnedBack));
    assertThat(open(newToken(Map.of()), "198.51.100.100", Map.of())).as("another site's token").isEqualTo("opened");
  }

  @Test
  void additional_data_above_the_cap_is_refused_naming_the_limit_and_opens_nothing() {
    String token = newToken(Map.of());
    try (WsClient ws = connect(token, "203.0.113.20")) {
      long started = System.nanoTime();
      ws.send(initialize(Map.of("blob", "y".repeat(60_000))));
      Map<String, Object> error = ws.awaitError("additional_data_too_large");
      long millis = (System.nanoTime() - started) / 1_000_000;
      String message = (String) asMap(error.get("data")).get("message");
      Misuse.record("web-chat-additional-data", "initialize with 60 KB of request.additionalData",
          "error additional_data_too_large (\"" + message + "\") in " + millis + " ms; socket open, nothing opened");
      assertThat(message).contains("8192").contains("parley.webchat.max-additional-data-bytes");
      assertThat(ws.received()).noneMatch(m -> "connection".equals(m.get("name")));
      assertThat(ws.isClosed()).isFalse();
      ws.send(initialize(Map.of("plan", "pro")));
      ws.awaitEvent("opened");
    }
  }

  @Test
  void an_open_socket_is_closed_with_token_expired_once_its_token_expires() {
    Instant expiresAt = Instant.now().plusSeconds(2);
    String token = newToken(Map.of("expires_at", expiresAt.toString()));
    try (WsClient ws = connect(token, "203.0.113.30")) {
      ws.send(initialize(Map.of()));
      ws.awaitEvent("opened");
      ws.awaitError("token_expired");
      long lateMillis = Instant.now().toEpochMilli() - expiresAt.toEpochMilli();
      WsClient.Closed closed = ws.awaitClose();
      Misuse.record("web-token-expiry", "a webCall socket kept open past its web token's expires_at",
          "error token_expired " + lateMillis + " ms after expiry, close " + closed.code());
      assertThat(closed.code()).isEqualTo(1008);
      assertThat(lateMillis).isNotNegative();
    }
  }

  @Test
  void made_up_tokens_are_failed_credentials_of_the_address() {
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      try (WsClient ws = connect("wt_" + UUID.randomUUID(), "203.0.113.40")) {
        Map<String, Object> error = ws.awaitType("error");
        outcomes.add(asMap(error.get("data")).get("code") + " " + ws.awaitClose().code());
      }
    }
    Misuse.record("made-up-web-tokens", "7 webCall connects from one address, each with a new random token "
        + "(failed-credentials-per-minute 5)", tally(outcomes));
    assertThat(outcomes.subList(0, 5)).containsOnly("invalid_token 1008");
    assertThat(outcomes.subList(5, 7)).containsOnly("rate_limited 1013");
  }
}
