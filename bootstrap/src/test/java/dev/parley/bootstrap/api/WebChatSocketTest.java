package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.ToolStub;
import dev.parley.bootstrap.support.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The webCall socket (seed 05) with a real WebSocket client, a scripted agent and a loopback tool webhook. */
class WebChatSocketTest extends ApiTestBase {
  private ToolStub toolServer;
  private String agentId;
  private String token;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.webchat.client-tool-timeout", "2s", "parley.webchat.watch-interval", "300ms");
  }

  @BeforeAll
  void startToolServerAndAgent() throws IOException {
    toolServer = ToolStub.answering("/tools/lookupOrder", "{\"status\": \"shipped\", \"eta\": \"tomorrow\"}");
    agentId = createAgent();
    token = createIntegration(Map.of("allow_web_chat", true, "client_tools", List.of(Map.of("name", "getLocation",
        "description", "Where the browser is", "parameters", Map.of("type", "object")))));
  }

  @AfterAll
  void stopToolServer() {
    if (toolServer != null) toolServer.close();
  }

  private String createAgent() {
    String toolUrl = toolServer.url();
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", "Web bot");
    agent.put("prompt", "You help {{customerName}} on {{channel}}.");
    agent.put("greeting", "Hello {{customerName}}, how can I help?");
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", List.of(
        Map.of("match", "(?i)order", "tool", Map.of("name", "lookupOrder", "arguments", Map.of("id", "42")),
            "reply", "Your order status: {{tool.lookupOrder.status}}"),
        Map.of("match", "(?i)where am i", "tool", Map.of("name", "getLocation", "arguments", Map.of()),
            "reply", "You are in {{tool.getLocation.city}}"),
        Map.of("match", "(?i)\\bbye\\b", "reply", "Goodbye!", "finish", true)),
        "fallback", "You said: {{last_user_message}}"));
    agent.put("tools", List.of(
        Map.of("name", "lookupOrder", "description", "Find an order", "parameters", Map.of("type", "object"),
            "webhook", Map.of("url", toolUrl, "timeout_ms", 2000)),
        Map.of("name", "getLocation", "description", "Runs in the browser", "parameters", Map.of("type", "object"))));
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  private String createIntegration(Map<String, Object> body) {
    HttpJson.Response r = http.post("/api/v1/agents/" + agentId + "/web-integrations", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return (String) r.json().get("token");
  }

  private WsClient connect() {
    return WsClient.connect(server.getURI(), "?token=" + token);
  }

  private static Map<String, Object> initialize(Map<String, Object> additionalData) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("callType", "chat");
    request.put("additionalData", additionalData);
    return Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", request);
  }

  private static Map<String, Object> say(String text) {
    return Map.of("type", "incomingChatMessage", "content", text, "timestamp", Instant.now().toString());
  }

  /** Connects, initializes and waits for the greeting; answers the chat id. */
  private String open(WsClient ws) {
    ws.send(initialize(Map.of("customerName", "Ada")));
    String recordId = (String) asMap(ws.awaitEvent("connection").get("data")).get("recordId");
    ws.awaitText("assistant", "Hello Ada");
    return recordId;
  }

  private static String type(Map<String, Object> m) {
    return m.get("type") + ("event".equals(m.get("type")) ? ":" + m.get("name") : "");
  }

  @Test
  void the_seed_sequence_runs_from_initialize_to_closed_and_the_chat_ends_with_user_end() {
    try (WsClient ws = connect()) {
      ws.send(initialize(Map.of("userId", "user-123", "context", "support", "customerName", "Ada")));
      Map<String, Object> connection = asMap(ws.awaitEvent("connection").get("data"));
      String recordId = (String) connection.get("recordId");
      assertThat(recordId).matches("[0-9a-f-]{36}");
      assertThat((String) connection.get("resumeToken")).startsWith("rt_");
      ws.awaitEvent("opened");
      ws.awaitText("assistant", "Hello Ada, how can I help?");

      ws.send(say("Hello, I need help with my order"));
      Map<String, Object> echo = asMap(ws.awaitText("user", "my order").get("content"));
      assertThat(echo).containsEntry("source", "user").containsEntry("type", "final").containsEntry("name", null);
      assertThat((String) echo.get("segmentId")).isNotBlank();
      Map<String, Object> call = asMap(ws.awaitType("toolCall").get("data"));
      assertThat(call).containsEntry("name", "lookupOrder").containsEntry("arguments", Map.of("id", "42"));
      Map<String, Object> result = asMap(ws.awaitType("toolCallResult").get("data"));
      assertThat(result).containsEntry("toolCallId", call.get("toolCallId"));
      assertThat(asMap(result.get("result"))).containsEntry("status", "shipped");
      ws.awaitText("assistant", "Your order status: shipped");
      assertThat(toolServer.requests()).isNotEmpty();

      ws.send(Map.of("type", "terminate", "timestamp", Instant.now().toString()));
      Map<String, Object> conversation = asMap(ws.awaitType("conversationResult").get("result"));
      assertThat(conversation).containsEntry("status", "completed");
      assertThat(conversation.get("duration")).isInstanceOf(Number.class);
      Map<String, Object> chat = http.get("/api/v1/chats/" + recordId).json();
      assertThat(asMap(conversation.get("metadata"))).containsEntry("agentId", agentId)
          .containsEntry("callId", chat.get("call_id"));
      assertThat(asMap(ws.awaitEvent("closed").get("data"))).containsEntry("reason", "user_end");
      assertThat(ws.awaitClose().code()).isEqualTo(1000);

      List<String> types = ws.received().stream().map(WebChatSocketTest::type).toList();
      assertThat(types).containsExactly("event:connection", "event:opened", "text", "text", "toolCall", "toolCallResult",
          "text", "conversationResult", "event:closed");
      List<Long> seqs = new ArrayList<>();
      for (Map<String, Object> m : ws.received()) {
        assertThat(Instant.parse((String) m.get("timestamp"))).isNotNull();
        seqs.add(((Number) m.get("seq")).longValue());
      }
      assertThat(seqs).isSorted().doesNotHaveDuplicates();

      assertThat(chat).containsEntry("channel", "web").containsEntry("is_final", true).containsEntry("final_reason", "user_end")
          .containsEntry("agent_id", agentId).containsEntry("ttl_seconds", 3600); // the web default: the agent sets none
      assertThat(asList(chat.get("messages"))).extracting(m -> asMap(m).get("role"))
          .containsExactly("assistant", "user", "assistant", "assistant");
      assertThat(http.get("/api/v1/chats?state=final&channel=web&take=200").body()).contains(recordId);
    }
  }

  /** Seed 05: connection.data.recordId and conversationResult.metadata.callId carry the same value (decision 0009). */
  @Test
  void the_record_id_is_the_call_id_of_conversation_result_and_every_rest_route_takes_it() {
    try (WsClient ws = connect()) {
      ws.send(initialize(Map.of("customerName", "Ada")));
      Map<String, Object> connection = asMap(ws.awaitEvent("connection").get("data"));
      String recordId = (String) connection.get("recordId");
      assertThat(connection).containsEntry("callId", recordId);
      ws.awaitText("assistant", "Hello Ada");
      ws.send(Map.of("type", "terminate", "timestamp", Instant.now().toString()));
      Map<String, Object> result = asMap(ws.awaitType("conversationResult").get("result"));
      assertThat(asMap(result.get("metadata"))).containsEntry("callId", recordId);
      assertThat(result).containsEntry("recordId", recordId);
      ws.awaitClose();

      HttpJson.Response chat = http.get("/api/v1/chats/" + recordId);
      assertThat(chat.status()).isEqualTo(200);
      assertThat(chat.json()).containsEntry("id", recordId).containsEntry("call_id", recordId);
      assertThat(http.get("/api/v1/chats/" + recordId + "/messages").status()).isEqualTo(200);
      assertThat(http.get("/api/v1/chats/" + recordId + "/activity").status()).isEqualTo(200);
    }
  }

  @Test
  void a_client_tool_goes_to_the_browser_and_its_answer_continues_the_turn() {
    try (WsClient ws = connect()) {
      open(ws);
      ws.send(say("where am I?"));
      Map<String, Object> request = asMap(ws.awaitType("websocketToolRequest").get("data"));
      assertThat(request).containsEntry("name", "getLocation");
      ws.send(Map.of("type", "websocketToolResponse", "timestamp", Instant.now().toString(),
          "data", Map.of("toolCallId", request.get("toolCallId"), "result", Map.of("city", "Lisbon"))));
      Map<String, Object> result = asMap(ws.awaitType("toolCallResult").get("data"));
      assertThat(asMap(result.get("result"))).containsEntry("city", "Lisbon");
      ws.awaitText("assistant", "You are in Lisbon");
    }
  }

  @Test
  void an_unanswered_client_tool_ends_in_an_error_result_after_the_bounded_wait() {
    try (WsClient ws = connect()) {
      open(ws);
      ws.send(say("where am I?"));
      ws.awaitType("websocketToolRequest");
      Map<String, Object> result = asMap(ws.awaitType("toolCallResult").get("data"));
      assertThat(String.valueOf(asMap(result.get("result")).get("error"))).contains("did not answer");
      ws.awaitText("assistant", "You are in");
      ws.send(Map.of("type", "websocketToolResponse", "data", Map.of("toolCallId", "call_nobody_asked", "result", 1)));
      ws.awaitError("unknown_tool_call");
    }
  }

  @Test
  void a_malformed_frame_gets_an_error_and_the_socket_stays_usable() {
    try (WsClient ws = connect()) {
      open(ws);
      ws.sendRaw("this is not json");
      Map<String, Object> error = asMap(ws.awaitError("malformed_json").get("data"));
      assertThat((String) error.get("message")).isNotBlank();
      ws.sendRaw("[1, 2, 3]");
      ws.awaitError("invalid_message");
      ws.sendUnchecked(Map.of("type", "dance"));
      ws.awaitError("unknown_type");
      ws.send(say("still there?"));
      ws.awaitText("assistant", "You said: still there?");
      assertThat(ws.isClosed()).isFalse();
    }
  }

  @Test
  void a_frame_over_64_kib_is_refused_and_the_socket_stays_usable() {
    try (WsClient ws = connect()) {
      open(ws);
      ws.sendRaw("{\"type\": \"incomingChatMessage\", \"content\": \"" + "x".repeat(70 * 1024) + "\"}");
      assertThat((String) asMap(ws.awaitError("message_too_large").get("data")).get("message")).contains("65536");
      ws.send(say("small again"));
      ws.awaitText("assistant", "You said: small again");
    }
  }

  @Test
  void initialize_twice_is_an_error_and_the_conversation_goes_on() {
    try (WsClient ws = connect()) {
      String recordId = open(ws);
      ws.send(initialize(Map.of()));
      assertThat((String) asMap(ws.awaitError("already_initialized").get("data")).get("message")).contains(recordId);
      ws.send(say("hello"));
      ws.awaitText("assistant", "You said: hello");
      assertThat(ws.received().stream().filter(m -> "connection".equals(m.get("name")))).hasSize(1);
    }
  }

  @Test
  void messages_before_initialize_are_errors_and_initialize_still_works() {
    try (WsClient ws = connect()) {
      ws.send(say("too early"));
      ws.awaitError("initialize_not_received");
      ws.send(Map.of("type", "terminate"));
      assertThat(ws.received().stream().filter(m -> "error".equals(m.get("type")))).hasSizeLessThanOrEqualTo(2);
      ws.send(Map.of("type", "initialize", "request", Map.of("callType", "webCall")));
      ws.awaitError("unsupported_call_type");
      open(ws);
    }
  }

  @Test
  void a_missing_or_invalid_token_gets_an_error_frame_then_close_1008() {
    for (String query : new String[] {"", "?token=not-a-token"}) {
      try (WsClient ws = WsClient.connect(server.getURI(), query)) {
        Map<String, Object> error = asMap(ws.awaitType("error").get("data"));
        assertThat(error.get("code")).isEqualTo(query.isEmpty() ? "missing_token" : "invalid_token");
        assertThat((String) error.get("message")).isNotBlank();
        assertThat(ws.awaitClose().code()).isEqualTo(1008);
      }
    }
  }

  // Origins are local here: on a server reached as localhost, Micronaut answers a foreign Origin with 403 before
  // any route (its drive-by-localhost protection), so only local origins reach the web integration's own check.
  @Test
  void origins_are_checked_against_the_allowed_list() {
    String limited = createIntegration(Map.of("allowed_origins", List.of("http://localhost:3000", "https://shop.example")));
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + limited, Map.of("Origin", "http://localhost:4000"))) {
      assertThat((String) asMap(ws.awaitError("origin_not_allowed").get("data")).get("message")).contains("localhost:4000");
      assertThat(ws.awaitClose().code()).isEqualTo(1008);
    }
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + limited)) { // no Origin at all
      ws.awaitError("origin_not_allowed");
      assertThat(ws.awaitClose().code()).isEqualTo(1008);
    }
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + limited, Map.of("Origin", "http://localhost:3000"))) {
      open(ws);
    }
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + token, Map.of("Origin", "http://127.0.0.1:5555"))) {
      open(ws); // none listed: any origin
    }
  }

  @Test
  void revoked_disabled_and_expired_integrations_are_refused() throws InterruptedException {
    HttpJson.Response created = http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of());
    String revoked = (String) created.json().get("token");
    assertThat(http.delete("/api/v1/agents/" + agentId + "/web-integrations/" + created.json().get("id")).status()).isEqualTo(204);
    String disabled = createIntegration(Map.of("allow_web_chat", false));
    String expiring = createIntegration(Map.of("expires_at", Instant.now().plusMillis(1500).toString()));
    Thread.sleep(1700);
    Map<String, String> expected = Map.of(revoked, "invalid_token", disabled, "web_chat_not_enabled", expiring, "invalid_token");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + e.getKey())) {
        ws.awaitError(e.getValue());
        assertThat(ws.awaitClose().code()).isEqualTo(1008);
      }
    }
  }

  @Test
  void the_agent_finishing_ends_the_chat_and_closes_the_socket() {
    try (WsClient ws = connect()) {
      String recordId = open(ws);
      ws.send(say("ok bye"));
      ws.awaitText("assistant", "Goodbye!");
      Map<String, Object> result = asMap(ws.awaitType("conversationResult").get("result"));
      assertThat(result).containsEntry("status", "completed").containsEntry("finalReason", "agent_finish");
      ws.awaitEvent("closed");
      assertThat(ws.awaitClose().code()).isEqualTo(1000);
      assertThat(http.get("/api/v1/chats/" + recordId).json()).containsEntry("final_reason", "agent_finish");
    }
  }

  @Test
  void a_chat_ended_elsewhere_reaches_its_socket() {
    try (WsClient ws = connect()) {
      String recordId = open(ws);
      assertThat(http.post("/api/v1/chats/" + recordId + "/end", Map.of("note", "ended by REST")).status()).isEqualTo(200);
      Map<String, Object> result = asMap(ws.awaitType("conversationResult").get("result"));
      assertThat(result).containsEntry("finalReason", "user_end").containsEntry("recordId", recordId);
      ws.awaitEvent("closed");
      assertThat(ws.awaitClose().code()).isEqualTo(1000);
    }
  }

  @Test
  void a_reconnecting_client_resumes_its_chat_and_gets_what_it_missed_once() {
    String recordId;
    String resumeToken;
    long greetingSeq;
    try (WsClient first = connect()) {
      first.send(initialize(Map.of("customerName", "Ada")));
      Map<String, Object> connection = asMap(first.awaitEvent("connection").get("data"));
      recordId = (String) connection.get("recordId");
      resumeToken = (String) connection.get("resumeToken");
      greetingSeq = ((Number) first.awaitText("assistant", "Hello Ada").get("seq")).longValue();
      first.send(say("first question"));
      first.awaitText("assistant", "You said: first question");
      first.abort(); // the network drops: no terminate
    }
    assertThat(http.get("/api/v1/chats/" + recordId).json()).containsEntry("is_final", false);

    try (WsClient wrong = connect()) {
      wrong.send(Map.of("type", "initialize", "request", Map.of("callType", "chat", "recordId", recordId, "resumeToken", "rt_guess")));
      wrong.awaitError("invalid_resume_token");
      assertThat(wrong.isClosed()).isFalse();
    }

    try (WsClient second = connect()) {
      Map<String, Object> request = new HashMap<>();
      request.put("callType", "chat");
      request.put("recordId", recordId);
      request.put("resumeToken", resumeToken);
      request.put("lastSeq", greetingSeq);
      second.send(Map.of("type", "initialize", "request", request));
      Map<String, Object> connection = second.awaitEvent("connection");
      assertThat(asMap(connection.get("data"))).containsEntry("recordId", recordId).containsEntry("resumed", true);
      List<Map<String, Object>> replayed = second.received().stream().filter(m -> "text".equals(m.get("type"))).toList();
      assertThat(replayed).extracting(m -> asMap(m.get("content")).get("text"))
          .containsExactly("first question", "You said: first question");
      assertThat(replayed).allSatisfy(m -> assertThat(((Number) m.get("seq")).longValue()).isGreaterThan(greetingSeq));
      assertThat(((Number) connection.get("seq")).longValue())
          .isGreaterThan(((Number) replayed.get(replayed.size() - 1).get("seq")).longValue());

      second.send(say("second question"));
      second.awaitText("assistant", "You said: second question");
      List<Object> transcript = asList(http.get("/api/v1/chats/" + recordId).json().get("messages"));
      assertThat(transcript).extracting(m -> asMap(m).get("content"))
          .contains("first question", "second question");
    }
  }

  @Test
  void a_newer_socket_takes_the_chat_over_and_the_older_is_closed_with_a_reason() {
    try (WsClient first = connect(); WsClient second = connect()) {
      first.send(initialize(Map.of("customerName", "Ada")));
      Map<String, Object> connection = asMap(first.awaitEvent("connection").get("data"));
      second.send(Map.of("type", "initialize", "request", Map.of("callType", "chat",
          "recordId", connection.get("recordId"), "resumeToken", connection.get("resumeToken"))));
      second.awaitEvent("opened");
      WsClient.Closed closed = first.awaitClose();
      assertThat(closed.code()).isEqualTo(4001);
      assertThat(closed.reason()).contains("newer connection");
      second.send(say("on the new socket"));
      second.awaitText("assistant", "You said: on the new socket");
    }
  }

  @Test
  void the_resume_token_travels_only_once_and_is_not_stored_in_clear() throws Exception {
    String resumeToken;
    try (WsClient ws = connect()) {
      ws.send(initialize(Map.of("customerName", "Ada")));
      resumeToken = (String) asMap(ws.awaitEvent("connection").get("data")).get("resumeToken");
      ws.awaitText("assistant", "Hello Ada");
    }
    try (var c = java.sql.DriverManager.getConnection(database.url(), database.user(), database.password());
         var st = c.prepareStatement("SELECT count(*) FROM web_chat_frames WHERE frame LIKE ?")) {
      st.setString(1, "%" + resumeToken + "%");
      try (var rs = st.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
  }

  @Test
  void the_frame_log_of_a_chat_that_ended_with_no_socket_watching_is_purged() throws Exception {
    String recordId;
    try (WsClient ws = connect()) {
      recordId = open(ws);
      ws.abort();
    }
    assertThat(framesOf(recordId)).isPositive();
    http.post("/api/v1/chats/" + recordId + "/end", Map.of());
    assertThat(context.getBean(dev.parley.application.usecase.webchat.WebChatFrames.class).purgeEnded(500)).isPositive();
    assertThat(framesOf(recordId)).isZero();
  }

  /**
   * A turn's reply frames and the delivery cursor go in one statement (one commit); a seq taken meanwhile is reported,
   * not overwritten, and holds the cursor back.
   */
  @Test
  void reply_frames_and_the_delivery_cursor_are_written_together_and_a_taken_seq_is_reported_and_holds_the_cursor() throws Exception {
    String recordId;
    try (WsClient ws = connect()) {
      recordId = open(ws);
      ws.send(say("hello"));
      ws.awaitText("assistant", "You said: hello");
    }
    var sql = new dev.parley.bootstrap.support.Sql(database.url(), database.user(), database.password());
    java.util.UUID chat = java.util.UUID.fromString(recordId);
    java.util.UUID tenant = java.util.UUID.fromString(sql.strings("SELECT tenant_id::text FROM chat_sessions WHERE id = ?::uuid", recordId).get(0));
    var frames = context.getBean(dev.parley.application.usecase.webchat.WebChatFrames.class);
    int sent = frames.messagesSent(tenant, chat);
    assertThat(sent).as("the socket's turn moved the cursor past its reply").isEqualTo(3); // greeting, question, reply
    long last = frames.lastSeq(tenant, chat);

    var taken = frames.appendMarkingSent(tenant, chat, List.of(
        new dev.parley.application.port.out.WebChatRepository.LoggedFrame(last, "{\"overwrite\": true}", true),
        new dev.parley.application.port.out.WebChatRepository.LoggedFrame(last + 1, "{\"new\": true}", true)), sent + 2);
    assertThat(taken).containsExactly(last);
    assertThat(frames.lastSeq(tenant, chat)).isEqualTo(last + 1);
    assertThat(sql.strings("SELECT frame FROM web_chat_frames WHERE chat_id = ?::uuid AND seq = ?", recordId, last).get(0))
        .doesNotContain("overwrite");
    // A frame was not written: the cursor stays, so it never passes a frame that is not in the log.
    assertThat(frames.messagesSent(tenant, chat)).isEqualTo(sent);

    assertThat(frames.appendMarkingSent(tenant, chat, List.of(
        new dev.parley.application.port.out.WebChatRepository.LoggedFrame(last + 2, "{\"renumbered\": true}", true)), sent + 2)).isEmpty();
    assertThat(frames.messagesSent(tenant, chat)).isEqualTo(sent + 2);
    frames.appendMarkingSent(tenant, chat, List.of(), sent); // the cursor never moves back
    assertThat(frames.messagesSent(tenant, chat)).isEqualTo(sent + 2);
  }

  private long framesOf(String chatId) throws java.sql.SQLException {
    try (var c = java.sql.DriverManager.getConnection(database.url(), database.user(), database.password());
         var st = c.prepareStatement("SELECT count(*) FROM web_chat_frames WHERE chat_id = ?::uuid")) {
      st.setString(1, chatId);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
