package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.parley.bootstrap.support.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
}
