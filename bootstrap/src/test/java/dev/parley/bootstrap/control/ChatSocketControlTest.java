package dev.parley.bootstrap.control;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.out.persistence.PgChatEvents;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.WsClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Conversation control on {@code /ws/chat} (issue 20), with real sockets and two instances sharing one database: a
 * cancel frame stops a slow streamed reply; an operator's message posted on the other instance arrives live, named;
 * while a person holds the chat the user's socket messages are stored and echoed, and the agent stays silent; and a
 * chat changing hands reaches both sockets as a mode event, from either instance.
 */
class ChatSocketControlTest extends ApiTestBase {
  private ModelStub model;
  private HttpJson httpB;

  @BeforeAll
  void startStubAndInstanceB() throws IOException {
    model = new ModelStub(150);
    EmbeddedServer b = startAnotherServer(Map.of());
    httpB = new HttpJson(b.getURI(), apiKey);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.getApplicationContext().getBean(PgChatEvents.class).isListening()
        && b.getApplicationContext().getBean(PgChatEvents.class).isListening());
  }

  @AfterAll
  void stopStub() {
    if (model != null) model.close();
  }

  private String chat(Map<String, Object> model) {
    String agentId = (String) http.post("/api/v1/agents", Map.of("name", "Socket control", "model", model,
        "script", Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}"))).json().get("id");
    return (String) http.post("/api/v1/chats", Map.of("agent_id", agentId, "user_id", "ws-user")).json().get("id");
  }

  private WsClient connect(String chat) {
    WsClient ws = WsClient.connectTo(server.getURI(), "/ws/chat", Map.of("X-API-Key", apiKey, "X-User-ID", "ws-user", "X-Chat-ID", chat));
    ws.await(m -> "connection_established".equals(m.get("event_type")), "connection_established");
    return ws;
  }

  private static Map<String, Object> awaitEvent(WsClient ws, String type) {
    return ws.await(m -> type.equals(m.get("event_type")), type);
  }

  private List<String> transcript(String chat) {
    return asList(http.get("/api/v1/chats/" + chat).json().get("messages")).stream().map(HttpJson::asMap)
        .map(m -> m.get("role") + ":" + m.get("content") + (Boolean.TRUE.equals(m.get("interrupted")) ? " [interrupted]" : ""))
        .toList();
  }

  @Test
  void a_cancel_frame_stops_a_slow_streamed_reply_keeps_what_was_said_and_the_chat_takes_the_next_message() {
    String chat = chat(Map.of("provider", "openai", "model", "stub", "base_url", model.baseUrl()));
    try (WsClient ws = connect(chat)) {
      ws.send(Map.of("type", "cancel"));
      assertThat(awaitEvent(ws, "turn_cancelled")).as("nothing running").containsEntry("cancelled", false);

      ws.send(Map.of("content", "tell me a long story"));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> ws.received().stream().filter(m -> "message_stream_token".equals(m.get("event_type"))).count() >= 3);
      ws.send(Map.of("type", "cancel"));
      Map<String, Object> answer = ws.awaitFrom(0, m -> "turn_cancelled".equals(m.get("event_type")) && Boolean.TRUE.equals(m.get("cancelled")),
          "turn_cancelled true");
      assertThat(answer).containsEntry("chat_id", chat);
      Map<String, Object> ended = awaitEvent(ws, "message_stream_ended");
      assertThat((String) ended.get("content")).startsWith("w0 w1 w2 ").doesNotContain("w" + (ModelStub.TOKENS - 1) + " ");
    }
    List<String> transcript = transcript(chat);
    assertThat(transcript.get(0)).isEqualTo("user:tell me a long story");
    assertThat(transcript.get(1)).startsWith("assistant:w0 w1 w2 ").endsWith("[interrupted]");
    HttpJson.Response next = httpB.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "another question"));
    assertThat(next.status()).as(next.body()).isEqualTo(200);
    assertThat(asMap(asList(next.json().get("messages")).get(0))).containsEntry("content", "plain reply");
  }

  @Test
  void an_operator_message_from_another_instance_arrives_live_named_and_the_user_is_echoed_without_an_agent_reply() {
    String chat = chat(Map.of("provider", "scripted"));
    try (WsClient ws = connect(chat)) {
      HttpJson.Response handoff = httpB.post("/api/v1/chats/" + chat + "/handoff", Map.of("reason", "a person, please"));
      assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);
      HttpJson.Response op = httpB.post("/api/v1/chats/" + chat + "/operator-messages",
          Map.of("content", "Hi, Ana here.", "operator", Map.of("id", "op-7", "name", "Ana")));
      assertThat(op.status()).as(op.body()).isEqualTo(201);
      Map<String, Object> ended = ws.await(m -> "message_stream_ended".equals(m.get("event_type")) && "operator".equals(m.get("role")),
          "the operator's message");
      assertThat(ended).containsEntry("name", "Ana").containsEntry("content", "Hi, Ana here.").containsEntry("message_id", chat + ":0");
      assertThat(ws.received()).anySatisfy(m -> assertThat(m).containsEntry("event_type", "message_stream_started")
          .containsEntry("role", "operator").containsEntry("name", "Ana"));

      int before = ws.size();
      ws.send(Map.of("content", "thanks, Ana"));
      Map<String, Object> echo = ws.awaitFrom(before, m -> "message_received".equals(m.get("event_type")), "the echo");
      assertThat(echo).containsEntry("content", "thanks, Ana").containsEntry("message_id", chat + ":1");
      Map<String, Object> end = ws.awaitFrom(before, m -> "message_stream_ended".equals(m.get("event_type")), "the turn's end");
      assertThat(end.get("message_id")).as("no reply while a person holds the chat").isNull();
      assertThat(ws.received().subList(before, ws.size())).noneMatch(m -> "message_stream_started".equals(m.get("event_type")));
    }
    assertThat(transcript(chat)).containsExactly("operator:Hi, Ana here.", "user:thanks, Ana");
  }

  @Test
  void a_handoff_on_another_instance_and_a_handback_reach_a_ws_chat_client_as_mode_events() {
    String chat = chat(Map.of("provider", "scripted"));
    try (WsClient ws = connect(chat)) {
      assertThat(httpB.post("/api/v1/chats/" + chat + "/handoff", Map.of("reason", "escalation")).status()).isEqualTo(200);
      Map<String, Object> human = awaitEvent(ws, "mode_changed");
      assertThat(human).containsEntry("chat_id", chat).containsEntry("mode", "human");
      int before = ws.size();
      assertThat(http.post("/api/v1/chats/" + chat + "/handback", null).status()).isEqualTo(200);
      Map<String, Object> agent = ws.awaitFrom(before, m -> "mode_changed".equals(m.get("event_type")), "mode_changed agent");
      assertThat(agent).containsEntry("mode", "agent");
      ws.send(Map.of("content", "back to the bot"));
      assertThat(ws.awaitFrom(before, m -> "message_stream_ended".equals(m.get("event_type")) && m.get("message_id") != null,
          "the agent's reply")).containsEntry("content", "You said: back to the bot");
    }
  }

  @Test
  void transfer_to_human_and_a_handback_on_another_instance_reach_a_webcall_client_as_mode_events() {
    String agentId = (String) http.post("/api/v1/agents", Map.of("name", "Front desk", "model", Map.of("provider", "scripted"),
        "script", Map.of("rules", List.of(Map.of("match", "(?i)human", "tool", Map.of("name", "transferToHuman",
            "arguments", Map.of("reason", "asked for a person")), "reply", "A person will take over.")),
            "fallback", "You said: {{last_user_message}}"))).json().get("id");
    HttpJson.Response integration = http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + integration.json().get("token"))) {
      ws.send(Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", Map.of("callType", "chat")));
      String chat = (String) asMap(ws.awaitEvent("connection").get("data")).get("recordId");
      ws.send(Map.of("type", "incomingChatMessage", "content", "a human please", "timestamp", Instant.now().toString()));
      assertThat(asMap(ws.awaitEvent("modeChanged").get("data"))).containsEntry("mode", "human");
      int before = ws.size();
      assertThat(httpB.post("/api/v1/chats/" + chat + "/handback", null).status()).isEqualTo(200);
      Map<String, Object> back = ws.awaitFrom(before, m -> "event".equals(m.get("type")) && "modeChanged".equals(m.get("name")),
          "modeChanged agent");
      assertThat(asMap(back.get("data"))).containsEntry("mode", "agent");
    }
  }
}
