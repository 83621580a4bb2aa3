package dev.parley.bootstrap.control;

import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.in.rest.live.TenantFeeds;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.SseContract;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tenant-wide live feed (issue 20, decision 0011): GET /api/v1/events shows every message, turn step, change of
 * hands and ending of the tenant's chats, written on either of two instances sharing one database, in one order;
 * a reconnect to the other instance with Last-Event-ID resumes with no gap and no duplicate; filters narrow it; bad
 * input is a 400 naming the field, and a tenant past its stream limit gets 429.
 */
class TenantFeedTest extends ApiTestBase {
  private EmbeddedServer b; // a second instance on the same database
  private HttpJson other;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.live.heartbeat", "300ms", "parley.live.max-tenant-streams", 3);
  }

  @BeforeAll
  void second() {
    b = startAnotherServer(Map.of());
    other = new HttpJson(b.getURI(), apiKey);
  }

  private String agent() {
    return (String) http.post("/api/v1/agents", Map.of("name", "Echo", "model", Map.of("provider", "scripted"),
        "script", Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}"))).json().get("id");
  }

  private static String chat(HttpJson on, String agent) {
    return (String) on.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id");
  }

  private SseClient follow(URI base, String query, Map<String, String> headers) {
    return SseClient.open(URI.create(base + "/api/v1/events" + query), apiKey, null, headers);
  }

  /** Each event as name:detail, the chat named by its index in {@code chats}. */
  private static List<String> shown(SseClient feed, List<String> chats) {
    return feed.events.stream().map(e -> {
      Map<String, Object> data = asMap(HttpJson.parse(e.data()));
      String chat = "c" + chats.indexOf(data.get("chat_id"));
      return chat + ":" + switch (e.name()) {
        case "message" -> "message:" + asMap(data.get("message")).get("role") + ":" + asMap(data.get("message")).get("content");
        case "mode" -> "mode:" + data.get("mode") + (data.containsKey("reason") ? ":" + data.get("reason") : "");
        case "turn" -> "turn:" + data.get("state");
        case "ended" -> "ended:" + data.get("reason");
        default -> e.name();
      };
    }).toList();
  }

  /** The events as the stream's text, checked against the OpenAPI document's schema of each event. */
  private List<String> violations(SseClient feed) {
    String body = feed.events.stream().map(e -> "id: " + e.id() + "\nevent: " + e.name() + "\ndata: " + e.data() + "\n\n")
        .collect(Collectors.joining());
    return SseContract.of(http.get("/swagger/parley-0.1.yml").body()).violations("GET", "/api/v1/events", body);
  }

  @Test
  void a_stream_on_one_instance_shows_the_others_writes_in_order_and_a_reconnect_to_the_other_misses_nothing() throws Exception {
    String agent = agent();
    try (SseClient onA = follow(server.getURI(), "?agent_id=" + agent, Map.of())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> onA.retryLine != null);
      assertThat(onA.status).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> !onA.comments.isEmpty()); // heartbeat while idle
      String first = chat(other, agent);
      assertThat(other.post("/api/v1/chats/" + first + "/messages", Map.of("content", "hello")).status()).isEqualTo(200);
      assertThat(other.post("/api/v1/chats/" + first + "/handoff", Map.of("reason", "VIP")).status()).isEqualTo(200);
      assertThat(other.post("/api/v1/chats/" + first + "/operator-messages",
          Map.of("content", "Ana here", "operator", Map.of("name", "Ana"))).status()).isEqualTo(201);
      assertThat(other.post("/api/v1/chats/" + first + "/end", Map.of()).status()).isEqualTo(200);
      List<String> expected = List.of("c0:turn:started", "c0:message:user:hello", "c0:message:assistant:You said: hello",
          "c0:turn:finished", "c0:mode:human:VIP", "c0:message:operator:Ana here", "c0:ended:user_end");
      await().atMost(Duration.ofSeconds(10)).until(() -> onA.events.size() >= expected.size());
      assertThat(shown(onA, List.of(first))).containsExactlyElementsOf(expected);
      assertThat(onA.events).extracting(e -> Long.parseLong(e.id())).isSorted().doesNotHaveDuplicates();
      assertThat(violations(onA)).isEmpty();

      // resumed on the other instance from the third event: the four after it, then what comes next, once each
      try (SseClient onB = follow(b.getURI(), "?agent_id=" + agent, Map.of("Last-Event-ID", onA.events.get(2).id()))) {
        String second = chat(http, agent);
        assertThat(http.post("/api/v1/chats/" + second + "/messages", Map.of("content", "again")).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> onB.events.size() >= 8 && onA.events.size() >= 11);
        Thread.sleep(300); // nothing more may come
        List<String> chats = List.of(first, second);
        assertThat(shown(onB, chats)).containsExactlyElementsOf(shown(onA, chats).subList(3, 11));
        assertThat(onB.events).extracting(SseClient.Event::id).containsExactlyElementsOf(
            onA.events.subList(3, 11).stream().map(SseClient.Event::id).toList());
        assertThat(shown(onB, chats).subList(4, 8)).containsExactly("c1:turn:started", "c1:message:user:again",
            "c1:message:assistant:You said: again", "c1:turn:finished");
      }
    }
  }

  @Test
  void filters_narrow_the_stream_to_a_chat_an_event_type_or_the_chats_a_person_holds() {
    String agent = agent();
    String watched = chat(http, agent);
    String elsewhere = chat(http, agent);
    try (SseClient turns = follow(server.getURI(), "?chat_id=" + watched + "&types=turn", Map.of());
         SseClient human = follow(server.getURI(), "?agent_id=" + agent + "&mode=human", Map.of())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> turns.retryLine != null && human.retryLine != null);
      http.post("/api/v1/chats/" + elsewhere + "/messages", Map.of("content", "not watched"));
      http.post("/api/v1/chats/" + watched + "/messages", Map.of("content", "watched"));
      http.post("/api/v1/chats/" + elsewhere + "/handoff", Map.of("reason", "needs a person"));
      http.post("/api/v1/chats/" + elsewhere + "/operator-messages", Map.of("content", "hi", "operator", Map.of("name", "Bo")));
      await().atMost(Duration.ofSeconds(10)).until(() -> turns.events.size() >= 2 && human.events.size() >= 2);
      List<String> chats = List.of(watched, elsewhere);
      assertThat(shown(turns, chats)).containsExactly("c0:turn:started", "c0:turn:finished");
      assertThat(shown(human, chats)).containsExactly("c1:mode:human:needs a person", "c1:message:operator:hi");
      assertThat(asMap(HttpJson.parse(turns.events.get(0).data()))).containsEntry("agent_id", agent).containsKey("channel");
    }
  }

  @Test
  void bad_filters_and_ids_are_400_naming_the_field_another_tenant_sees_nothing_and_too_many_streams_429() {
    await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(TenantFeeds.class).openFeeds() == 0); // earlier tests'
    Map<String, String> stream = Map.of("Accept", "text/event-stream");
    HttpJson.Response badAgent = http.send("GET", "/api/v1/events?agent_id=nope", null, stream);
    HttpJson.Response badType = http.send("GET", "/api/v1/events?types=message,typing", null, stream);
    HttpJson.Response badMode = http.send("GET", "/api/v1/events?mode=robot", null, stream);
    HttpJson.Response badId = http.send("GET", "/api/v1/events", null, Map.of("Accept", "text/event-stream", "Last-Event-ID", "x:1"));
    assertThat(List.of(badAgent, badType, badMode, badId)).extracting(HttpJson.Response::status).containsOnly(400);
    assertThat(badAgent.body()).contains("agent_id");
    assertThat(badType.body()).contains("types");
    assertThat(badMode.body()).contains("mode");
    assertThat(badId.body()).contains("Last-Event-ID");

    String agent = agent();
    String stranger = newTenantKey("stranger-feed");
    try (SseClient theirs = SseClient.open(URI.create(server.getURI() + "/api/v1/events"), stranger, null, Map.of())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> theirs.retryLine != null);
      String chat = chat(http, agent);
      http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "private"));
      List<SseClient> ours = List.of(follow(server.getURI(), "", Map.of()), follow(server.getURI(), "", Map.of()),
          follow(server.getURI(), "", Map.of()));
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> ours.stream().allMatch(f -> f.retryLine != null));
        HttpJson.Response refused = http.send("GET", "/api/v1/events", null, stream);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotNull();
        http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "more"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ours.get(0).events.size() >= 4);
        assertThat(theirs.events).as("another tenant's stream").isEmpty();
        Misuse.record("tenant-feed", "a bad agent_id, types, mode and Last-Event-ID; a stream past the tenant's limit",
            badAgent.status() + " " + badAgent.json().get("field") + "; " + badType.json().get("field") + "; "
                + badMode.json().get("field") + "; " + badId.json().get("field") + "; " + refused.status());
      } finally {
        ours.forEach(SseClient::close);
      }
    }
  }
}
