package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.out.persistence.PgChatEvents;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.WsClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /ws/chat} at parity with webCall, on two server instances sharing one database: messages posted over REST
 * or through a socket on the other instance arrive live (LISTEN/NOTIFY; the periodic check is off, so only the event
 * feed can deliver), a reconnect with {@code last_seq} gets what it missed once, and endings elsewhere close it. Every
 * event is checked against the AsyncAPI chat document by {@link WsClient}.
 */
class VendorChatLiveTest extends ApiTestBase {
  private EmbeddedServer serverB;
  private HttpJson httpB;
  private String agentId;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.webchat.maintenance.enabled", false, "parley.sweeper.enabled", false);
  }

  @BeforeAll
  void startInstanceB() {
    serverB = startAnotherServer(Map.of("parley.webchat.maintenance.enabled", false));
    httpB = new HttpJson(serverB.getURI(), apiKey);
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", "Live bot");
    agent.put("prompt", "You help.");
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", List.of(Map.of("match", "(?i)\\bbye\\b", "reply", "Goodbye!", "finish", true)),
        "fallback", "You said: {{last_user_message}}"));
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    agentId = (String) created.json().get("id");
    await().atMost(Duration.ofSeconds(10)).until(() -> events(server).isListening() && events(serverB).isListening());
  }

  private static PgChatEvents events(EmbeddedServer s) {
    return s.getApplicationContext().getBean(PgChatEvents.class);
  }

  private String newChat() {
    HttpJson.Response r = http.post("/api/v1/chats/", Map.of("agent_id", agentId, "user_id", "live-user"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return (String) r.json().get("id");
  }

  private WsClient connect(EmbeddedServer s, String chatId, String lastSeq) {
    WsClient ws = WsClient.connectTo(s.getURI(), "/ws/chat?api_key=" + apiKey + "&user_id=live-user&chat_id=" + chatId
        + (lastSeq == null ? "" : "&last_seq=" + lastSeq), Map.of());
    ws.await(m -> "connection_established".equals(m.get("event_type")), "connection_established");
    return ws;
  }

  private static Predicate<Map<String, Object>> event(String type, String field, Object value) {
    return m -> type.equals(m.get("event_type")) && value.equals(m.get(field));
  }

  private static long count(WsClient ws, String type, String field, Object value) {
    return ws.received().stream().filter(event(type, field, value)).count();
  }

  @Test
  void a_message_posted_over_rest_on_instance_b_reaches_the_socket_on_instance_a_once() {
    String chat = newChat();
    try (WsClient ws = connect(server, chat, null)) {
      HttpJson.Response posted = httpB.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "hi from REST"));
      assertThat(posted.status()).as(posted.body()).isEqualTo(200);
      Map<String, Object> received = ws.await(event("message_received", "content", "hi from REST"), "the REST message");
      assertThat(received).containsEntry("message_id", chat + ":0").containsEntry("metadata", null);
      Map<String, Object> ended = ws.await(event("message_stream_ended", "content", "You said: hi from REST"), "its reply");
      assertThat(ended).containsEntry("message_id", chat + ":1").containsEntry("is_final", false).containsEntry("status", "active");
      assertThat(count(ws, "message_stream_token", "token", "You said: hi from REST")).isEqualTo(1);

      // the socket's own turn, then REST again: each message once, the own one not echoed a second time
      ws.send(Map.of("content", "from the socket"));
      ws.await(event("message_stream_ended", "content", "You said: from the socket"), "the own reply");
      httpB.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "REST again"));
      ws.await(event("message_stream_ended", "content", "You said: REST again"), "the second REST reply");
      assertThat(count(ws, "message_received", "content", "hi from REST")).isEqualTo(1);
      assertThat(count(ws, "message_received", "content", "from the socket")).isEqualTo(1);
      assertThat(count(ws, "message_stream_ended", "content", "You said: from the socket")).isEqualTo(1);
      assertThat(count(ws, "message_received", "content", "REST again")).isEqualTo(1);
    }
  }

  @Test
  void a_turn_on_a_socket_on_instance_b_reaches_a_socket_of_the_same_chat_on_instance_a() {
    String chat = newChat();
    try (WsClient a = connect(server, chat, null); WsClient b = connect(serverB, chat, null)) {
      b.send(Map.of("content", "typed on B", "metadata", Map.of("ref", "r1")));
      b.await(event("message_stream_ended", "content", "You said: typed on B"), "B's own reply");
      Map<String, Object> seen = a.await(event("message_received", "content", "typed on B"), "B's message on A");
      assertThat(seen).containsEntry("message_id", chat + ":0").containsEntry("metadata", null); // metadata is not stored
      a.await(event("message_stream_ended", "content", "You said: typed on B"), "B's reply on A");
    }
  }

  @Test
  void a_reconnect_with_last_seq_gets_what_it_missed_once_in_order() {
    String chat = newChat();
    try (WsClient ws = connect(server, chat, null)) {
      ws.send(Map.of("content", "first"));
      ws.await(event("message_stream_ended", "content", "You said: first"), "the first reply");
    }
    for (String text : List.of("missed one", "missed two"))
      assertThat(http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", text)).status()).isEqualTo(200);

    try (WsClient ws = connect(serverB, chat, "1")) { // saw messages 0 and 1
      ws.await(event("message_stream_ended", "content", "You said: missed two"), "the last missed reply");
      List<Object> ids = ws.received().stream().filter(m -> "message_received".equals(m.get("event_type"))
          || "message_stream_ended".equals(m.get("event_type"))).map(m -> m.get("message_id")).toList();
      assertThat(ids).containsExactly(chat + ":2", chat + ":3", chat + ":4", chat + ":5");
      assertThat(count(ws, "message_received", "content", "first")).isZero();

      ws.send(Map.of("content", "and on"));
      assertThat(ws.await(event("message_stream_ended", "content", "You said: and on"), "the next reply"))
          .containsEntry("message_id", chat + ":7");
    }
    try (WsClient ws = connect(server, chat, null)) { // without last_seq: nothing earlier is sent
      httpB.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "live only"));
      ws.await(event("message_stream_ended", "content", "You said: live only"), "the live reply");
      assertThat(count(ws, "message_received", "content", "first")).isZero();
    }
    try (WsClient ws = WsClient.connectTo(server.getURI(), "/ws/chat?api_key=" + apiKey + "&user_id=live-user&chat_id="
        + chat + "&last_seq=yesterday", Map.of())) {
      ws.await(event("error", "code", "invalid_last_seq"), "invalid_last_seq");
      assertThat(ws.awaitClose().code()).isEqualTo(1008);
    }
  }

  @Test
  void an_agent_finish_over_rest_on_instance_b_shows_the_last_reply_then_chat_final_on_instance_a() {
    String chat = newChat();
    try (WsClient ws = connect(server, chat, null)) {
      httpB.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "bye"));
      Map<String, Object> ended = ws.await(event("message_stream_ended", "content", "Goodbye!"), "the goodbye");
      assertThat(ended).containsEntry("is_final", true).containsEntry("status", "final");
      assertThat((String) ws.await(event("error", "code", "chat_final"), "chat_final").get("message")).contains("agent_finish");
      assertThat(ws.awaitClose().code()).isEqualTo(1000);
    }
  }
}
