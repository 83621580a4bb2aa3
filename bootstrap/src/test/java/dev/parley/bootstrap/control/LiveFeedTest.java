package dev.parley.bootstrap.control;

import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.in.rest.live.LiveFeeds;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.SseContract;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Following a chat live (issue 20): GET /api/v1/chats/{id}/events shows REST and operator messages, the agent's turn
 * starting and finishing, the handoff and the ending in order, resumes from Last-Event-ID, hears a second instance's writes, keeps idle streams alive, and
 * shows nothing of another tenant's chat.
 */
class LiveFeedTest extends ApiTestBase {
  private HttpJson other; // a second instance on the same database

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.live.heartbeat", "300ms", "parley.live.max-streams-per-tenant", 3);
  }

  @BeforeAll
  void second() {
    EmbeddedServer b = startAnotherServer(Map.of());
    other = new HttpJson(b.getURI(), apiKey);
  }

  private String chat() {
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "Echo", "model", Map.of("provider", "scripted"),
        "script", Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}"))).json().get("id");
    return (String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id");
  }

  private SseClient follow(String chat, Map<String, String> headers) {
    return SseClient.open(URI.create(server.getURI() + "/api/v1/chats/" + chat + "/events"), apiKey, null, headers);
  }

  private static List<String> shown(SseClient feed) {
    return feed.events.stream().map(e -> switch (e.name()) {
      case "message" -> {
        Map<String, Object> m = asMap(asMap(HttpJson.parse(e.data())).get("message"));
        yield "message:" + m.get("role") + ":" + m.get("content");
      }
      case "mode" -> "mode:" + asMap(HttpJson.parse(e.data())).get("mode");
      case "turn" -> "turn:" + asMap(HttpJson.parse(e.data())).get("state");
      default -> e.name();
    }).toList();
  }

  @Test
  void a_stream_shows_messages_the_handoff_operator_words_and_the_ending_in_order_from_any_instance() throws Exception {
    String chat = chat();
    try (SseClient feed = follow(chat, Map.of())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> feed.retryLine != null);
      assertThat(feed.status).isEqualTo(200);
      // the chat is idle: a heartbeat comes (every 300 ms here); waited for, not raced against the rest of the test
      await().atMost(Duration.ofSeconds(5)).until(() -> !feed.comments.isEmpty());
      assertThat(http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "hello")).status()).isEqualTo(200);
      assertThat(other.post("/api/v1/chats/" + chat + "/handoff", Map.of("reason", "VIP")).status()).isEqualTo(200);
      assertThat(other.post("/api/v1/chats/" + chat + "/operator-messages",
          Map.of("content", "Ana here", "operator", Map.of("name", "Ana"))).status()).isEqualTo(201);
      assertThat(other.post("/api/v1/chats/" + chat + "/end", Map.of()).status()).isEqualTo(200);
      feed.ended.get(10, TimeUnit.SECONDS);
      assertThat(shown(feed)).containsExactly("turn:started", "message:user:hello", "message:assistant:You said: hello",
          "turn:finished", "mode:human", "message:operator:Ana here", "ended");
      assertThat(feed.events.get(5).id()).isEqualTo(chat + ":2");
      String body = feed.events.stream().map(e -> "id: " + e.id() + "\nevent: " + e.name() + "\ndata: " + e.data() + "\n\n")
          .collect(java.util.stream.Collectors.joining());
      assertThat(SseContract.of(http.get("/swagger/parley-0.1.yml").body()).violations("GET", "/api/v1/chats/" + chat + "/events", body))
          .as("every event, turn steps included, as the OpenAPI document describes it").isEmpty();
    }
  }

  @Test
  void a_reconnect_with_last_event_id_gets_only_what_it_missed() throws Exception {
    String chat = chat();
    http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "one"));
    String lastSeen;
    try (SseClient feed = follow(chat, Map.of())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> feed.events.size() == 2);
      lastSeen = feed.events.get(1).id();
    }
    http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "two"));
    try (SseClient feed = follow(chat, Map.of("Last-Event-ID", lastSeen))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> feed.events.size() >= 2);
      http.post("/api/v1/chats/" + chat + "/end", Map.of());
      feed.ended.get(10, TimeUnit.SECONDS);
      assertThat(shown(feed)).containsExactly("message:user:two", "message:assistant:You said: two", "ended");
    }
    // A finished chat's stream ends on its own: the whole of it, checked against the OpenAPI document by HttpJson.
    HttpJson.Response whole = http.send("GET", "/api/v1/chats/" + chat + "/events", null,
        Map.of("Accept", "text/event-stream", "Last-Event-ID", chat + ":1"));
    assertThat(whole.status()).isEqualTo(200);
    assertThat(SseContract.parse(whole.body())).extracting(SseContract.Event::name).containsExactly("message", "message", "ended");
    assertThat(whole.body()).startsWith("retry:");
  }

  @Test
  void a_stranger_gets_404_a_bad_last_event_id_400_and_too_many_streams_429() {
    await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(LiveFeeds.class).openFeeds() == 0); // earlier tests' feeds
    String chat = chat();
    HttpJson stranger = http.withKey(newTenantKey("stranger"));
    assertThat(stranger.send("GET", "/api/v1/chats/" + chat + "/events", null, Map.of("Accept", "text/event-stream")).status())
        .isEqualTo(404);
    HttpJson.Response bad = http.send("GET", "/api/v1/chats/" + chat + "/events", null,
        Map.of("Accept", "text/event-stream", "Last-Event-ID", "not-ours:3"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("Last-Event-ID");
    List<SseClient> open = List.of(follow(chat, Map.of()), follow(chat, Map.of()), follow(chat, Map.of()));
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> open.stream().allMatch(f -> f.retryLine != null));
      HttpJson.Response refused = http.send("GET", "/api/v1/chats/" + chat + "/events", null, Map.of("Accept", "text/event-stream"));
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.header("Retry-After")).isNotNull();
      Misuse.record("live-feeds", "another tenant's chat feed; a foreign Last-Event-ID; a feed over the tenant's limit",
          "404; " + bad.status() + " " + bad.json().get("field") + "; " + refused.status() + " Retry-After " + refused.header("Retry-After"));
    } finally {
      open.forEach(SseClient::close);
    }
  }
}
