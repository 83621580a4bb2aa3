package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.WsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The multi-tenant vendor's {@code /ws/chat} with a real WebSocket client: every event and error, streaming from a
 * loopback OpenAI-compatible stub that paces its tokens, one transcript with REST, TTL and the finish pipeline.
 */
class VendorChatSocketTest extends ApiTestBase {
  private static final long TOKEN_PAUSE_MS = 400;

  private HttpServer stub;
  private String streamer; // an openai-provider agent whose base_url is the stub
  private final java.util.Queue<String> modelRequests = new java.util.concurrent.ConcurrentLinkedQueue<>();

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.webchat.watch-interval", "300ms", "parley.sweeper.interval", "200ms",
        "parley.limits.turn-wait", "500ms");
  }

  @BeforeAll
  void startModelStub() throws IOException {
    stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stub.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    stub.createContext("/v1/chat/completions", this::complete);
    stub.createContext("/tools/lookupOrder", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "{\"status\": \"shipped\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    stub.start();
    String base = "http://127.0.0.1:" + stub.getAddress().getPort();
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", "Streamer");
    agent.put("prompt", "You are terse.");
    agent.put("model", Map.of("provider", "openai", "model", "stub", "base_url", base + "/v1"));
    agent.put("tools", List.of(Map.of("name", "lookupOrder", "description", "Find an order",
        "parameters", Map.of("type", "object"), "webhook", Map.of("url", base + "/tools/lookupOrder", "timeout_ms", 2000))));
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    streamer = (String) created.json().get("id");
  }

  @AfterAll
  void stopModelStub() {
    if (stub != null) stub.stop(0);
  }

  /**
   * The model: after a tool result it says the order shipped; asked about an order it first writes a little text,
   * then calls lookupOrder (as some models do); "fail" gets a 400; anything else is three paced tokens. Non-streaming requests get the
   * same text whole.
   */
  private void complete(HttpExchange exchange) throws IOException {
    String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    modelRequests.add(request);
    boolean streaming = request.contains("\"stream\":true");
    String lastUser = asList(new HttpJson.Response(200, Map.of(), request).json().get("messages")).stream().map(HttpJson::asMap)
        .filter(m -> "user".equals(m.get("role"))).reduce((first, second) -> second).map(m -> (String) m.get("content")).orElse("");
    if (lastUser.contains("fail")) { // not retried: the turn answers the engine's apology at once
      exchange.sendResponseHeaders(400, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", streaming ? "text/event-stream" : "application/json");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      if (request.contains("\"role\":\"tool\"")) {
        text(out, streaming, List.of("Your order ", "has shipped."), 0);
      } else if (lastUser.contains("order")) {
        if (!streaming) throw new IllegalStateException("the socket always streams");
        chunk(out, "{\"content\":\"Let me check\"}");
        chunk(out, "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"lookupOrder\","
            + "\"arguments\":\"{\\\"id\\\":\\\"42\\\"}\"}}]}");
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      } else {
        text(out, streaming, List.of("Hello", " there", " friend"), TOKEN_PAUSE_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void text(OutputStream out, boolean streaming, List<String> tokens, long pauseMs)
      throws IOException, InterruptedException {
    if (!streaming) {
      out.write(("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + String.join("", tokens)
          + "\"},\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8));
      return;
    }
    for (String token : tokens) {
      chunk(out, "{\"content\":\"" + token + "\"}");
      Thread.sleep(pauseMs);
    }
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
  }

  private static void chunk(OutputStream out, String delta) throws IOException {
    out.write(("data: {\"choices\":[{\"index\":0,\"delta\":" + delta + "}]}\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  // --- helpers

  /** A model agent sees the whole transcript (a scripted agent's turn skips reading it: AgentDefinition.readsTranscript). */
  @Test
  void a_model_agent_is_shown_the_earlier_turns_of_the_chat() {
    String chat = newChat(Map.of("agent_id", streamer, "user_id", "history-user"));
    assertThat(http.post("/api/v1/chats/" + chat + "/messages", say("my first question")).status()).isEqualTo(200);
    assertThat(http.post("/api/v1/chats/" + chat + "/messages", say("my second question")).status()).isEqualTo(200);
    String secondTurn = modelRequests.stream().filter(r -> r.contains("my second question")).findFirst().orElseThrow();
    List<String> shown = asList(new HttpJson.Response(200, Map.of(), secondTurn).json().get("messages")).stream()
        .map(HttpJson::asMap).map(m -> m.get("role") + ":" + m.get("content")).toList();
    assertThat(shown).containsSubsequence("user:my first question", "assistant:Hello there friend", "user:my second question");
  }

  private String newChat(Map<String, Object> body) {
    HttpJson.Response r = http.post("/api/v1/chats/", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return (String) r.json().get("id");
  }

  private WsClient connect(String apiKey, String userId, String chatId) {
    StringBuilder q = new StringBuilder();
    if (apiKey != null) q.append("&api_key=").append(enc(apiKey));
    if (userId != null) q.append("&user_id=").append(enc(userId));
    if (chatId != null) q.append("&chat_id=").append(enc(chatId));
    return WsClient.connectTo(server.getURI(), "/ws/chat" + (q.length() == 0 ? "" : "?" + q.substring(1)), Map.of());
  }

  private WsClient connect(String userId, String chatId) {
    WsClient ws = connect(apiKey, userId, chatId);
    ws.await(m -> "connection_established".equals(m.get("event_type")), "connection_established");
    return ws;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Map<String, Object> awaitEvent(WsClient ws, String type) {
    return ws.await(m -> type.equals(m.get("event_type")), "'" + type + "' event");
  }

  private static Map<String, Object> awaitError(WsClient ws, String code) {
    return ws.await(m -> "error".equals(m.get("event_type")) && code.equals(m.get("code")), "error '" + code + "'");
  }

  private static List<Map<String, Object>> events(WsClient ws, String type) {
    return ws.received().stream().filter(m -> type.equals(m.get("event_type"))).toList();
  }

  private static List<Object> types(WsClient ws) {
    return ws.received().stream().map(m -> m.get("event_type")).map(Object.class::cast).toList();
  }

  private static Map<String, Object> say(String content) {
    return Map.of("content", content);
  }

  /** The chat's messages as REST pages them: id → "role:content". */
  private Map<String, String> transcript(String chatId) {
    Map<String, String> byId = new LinkedHashMap<>();
    for (Object m : asList(http.get("/api/v1/chats/" + chatId + "/messages?limit=500").json().get("messages")))
      byId.put((String) asMap(m).get("id"), asMap(m).get("role") + ":" + asMap(m).get("content"));
    return byId;
  }

  private long count(String query, Object... params) throws Exception {
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
         PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void sql(String statement, Object... params) throws Exception {
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
         PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      ps.executeUpdate();
    }
  }

  // --- connecting

  @Test
  void query_parameters_connect_and_a_new_user_is_created_once() throws Exception {
    String chat = newChat(Map.of("user_id", "owner-1"));
    try (WsClient ws = connect(apiKey, "newcomer-1", chat)) {
      Map<String, Object> established = awaitEvent(ws, "connection_established");
      assertThat(established).containsEntry("user_id", "newcomer-1").containsEntry("chat_id", chat)
          .containsKey("tenant_id").containsKey("timestamp");
      assertThat(UUID.fromString((String) established.get("tenant_id"))).isNotNull();
      assertThat(Instant.parse((String) established.get("timestamp"))).isNotNull();
      Map<String, Object> created = awaitEvent(ws, "user_created");
      assertThat(created).containsOnlyKeys("event_type", "timestamp", "user_id").containsEntry("user_id", "newcomer-1");
      assertThat(types(ws)).containsExactly("connection_established", "user_created");
    }
    assertThat(count("SELECT count(*) FROM users WHERE user_id = ?", "newcomer-1")).isEqualTo(1);

    try (WsClient again = connect("newcomer-1", chat); WsClient owner = connect("owner-1", chat)) {
      Thread.sleep(200); // a user_created would follow connection_established at once
      assertThat(types(again)).containsExactly("connection_established");
      assertThat(types(owner)).containsExactly("connection_established"); // created with the chat over REST
    }
  }

  @Test
  void headers_connect_too() {
    String chat = newChat(Map.of("user_id", "header-user"));
    try (WsClient ws = WsClient.connectTo(server.getURI(), "/ws/chat",
        Map.of("X-API-Key", apiKey, "X-User-ID", "header-user", "X-Chat-ID", chat))) {
      assertThat(awaitEvent(ws, "connection_established")).containsEntry("chat_id", chat).containsEntry("user_id", "header-user");
      ws.send(say("hi"));
      assertThat(awaitEvent(ws, "message_stream_ended")).containsEntry("content", "You said: hi");
    }
  }

  @Test
  void missing_credentials_an_invalid_key_and_unknown_or_foreign_chats_get_an_error_then_close_1008() {
    String chat = newChat(Map.of());
    try (WsClient ws = WsClient.connectTo(server.getURI(), "/ws/chat", Map.of())) {
      Map<String, Object> error = awaitError(ws, "missing_credentials");
      assertThat((String) error.get("message")).contains("api_key, user_id, chat_id");
      assertThat(error).containsOnlyKeys("event_type", "timestamp", "code", "message");
      assertThat(ws.awaitClose().code()).isEqualTo(1008);
    }
    try (WsClient ws = connect(apiKey, null, chat)) {
      assertThat((String) awaitError(ws, "missing_credentials").get("message")).startsWith("missing user_id:");
      assertThat(ws.awaitClose().code()).isEqualTo(1008);
    }
    try (WsClient ws = connect("pk_not-a-key", "u", chat)) {
      awaitError(ws, "invalid_api_key");
      WsClient.Closed closed = ws.awaitClose();
      assertThat(closed.code()).isEqualTo(1008);
      assertThat(closed.reason()).isEqualTo("invalid_api_key");
    }
    try (WsClient ws = connect(apiKey, "x".repeat(257), chat)) {
      awaitError(ws, "invalid_user_id");
      assertThat(ws.awaitClose().code()).isEqualTo(1008);
    }
    try (WsClient ws = connect(apiKey, "u", "not-a-chat-id")) {
      awaitError(ws, "chat_not_found");
      assertThat(ws.awaitClose().code()).isEqualTo(1008);
    }

    String unknown = UUID.randomUUID().toString();
    String foreign = (String) http.withKey(newTenantKey("other-vendor")).post("/api/v1/chats/", Map.of("user_id", "u"))
        .json().get("id");
    Map<String, Object> unknownError;
    Map<String, Object> foreignError;
    try (WsClient ws = connect(apiKey, "u", unknown)) {
      unknownError = awaitError(ws, "chat_not_found");
      assertThat(ws.awaitClose()).isEqualTo(new WsClient.Closed(1008, "chat_not_found"));
    }
    try (WsClient ws = connect(apiKey, "u", foreign)) {
      foreignError = awaitError(ws, "chat_not_found");
      assertThat(ws.awaitClose()).isEqualTo(new WsClient.Closed(1008, "chat_not_found"));
    }
    assertThat(((String) foreignError.get("message")).replace(foreign, "ID"))
        .isEqualTo(((String) unknownError.get("message")).replace(unknown, "ID"))
        .isEqualTo("chat ID was not found");
  }

  @Test
  void a_final_chat_answers_chat_final_and_closes_normally() {
    String chat = newChat(Map.of("user_id", "late"));
    http.post("/api/v1/chats/" + chat + "/end", Map.of());
    try (WsClient ws = connect(apiKey, "late", chat)) {
      assertThat((String) awaitError(ws, "chat_final").get("message")).contains("user_end");
      assertThat(ws.awaitClose().code()).isEqualTo(1000);
      assertThat(events(ws, "connection_established")).isEmpty();
    }
  }

  // --- a turn

  @Test
  void a_turn_sends_received_started_tokens_and_ended_with_the_ids_rest_pages() {
    String chat = newChat(Map.of("user_id", "turner"));
    try (WsClient ws = connect("turner", chat)) {
      ws.send(Map.of("content", "hello", "metadata", Map.of("client_message_id", "c-1")));
      Map<String, Object> ended = awaitEvent(ws, "message_stream_ended");

      Map<String, Object> received = awaitEvent(ws, "message_received");
      assertThat(received).containsEntry("message_id", chat + ":1").containsEntry("chat_id", chat)
          .containsEntry("content", "hello").containsEntry("metadata", Map.of("client_message_id", "c-1"));
      Map<String, Object> started = awaitEvent(ws, "message_stream_started");
      assertThat(started).containsOnlyKeys("event_type", "timestamp", "message_id", "chat_id")
          .containsEntry("message_id", chat + ":2").containsEntry("chat_id", chat);
      List<Map<String, Object>> tokens = events(ws, "message_stream_token");
      assertThat(tokens).extracting(t -> t.get("index")).containsExactly(0, 1, 2); // "You ", "said: ", "hello"
      assertThat(tokens).allSatisfy(t -> assertThat(t).containsOnlyKeys("event_type", "timestamp", "message_id", "token", "index")
          .containsEntry("message_id", chat + ":2"));
      String joined = String.join("", tokens.stream().map(t -> (String) t.get("token")).toList());
      assertThat(ended).containsEntry("message_id", chat + ":2").containsEntry("chat_id", chat)
          .containsEntry("content", "You said: hello").containsEntry("is_final", false).containsEntry("status", "active");
      assertThat(joined).isEqualTo(ended.get("content"));
      assertThat(types(ws)).containsExactly("connection_established", "message_received", "message_stream_started",
          "message_stream_token", "message_stream_token", "message_stream_token", "message_stream_ended");
      assertThat(ws.received()).allSatisfy(m -> assertThat(Instant.parse((String) m.get("timestamp"))).isNotNull());

      // one transcript: REST pages the same ids with the same contents
      assertThat(transcript(chat)).containsEntry(chat + ":0", "assistant:Hello! How can I help you today?")
          .containsEntry(chat + ":1", "user:hello").containsEntry(chat + ":2", "assistant:You said: hello").hasSize(3);

      ws.send(say("again")); // the next message may follow message_stream_ended at once
      assertThat(ws.await(m -> "message_stream_ended".equals(m.get("event_type")) && (chat + ":4").equals(m.get("message_id")),
          "the second reply")).containsEntry("content", "You said: again");
      assertThat(events(ws, "error")).isEmpty();
    }
  }

  @Test
  void the_first_token_arrives_before_the_reply_is_complete_and_the_transcript_equals_a_rest_json_turn() {
    String streamed = newChat(Map.of("agent_id", streamer, "user_id", "stream-user"));
    try (WsClient ws = connect("stream-user", streamed)) {
      ws.send(say("hi"));
      awaitEvent(ws, "message_stream_token");
      long firstToken = System.nanoTime();
      assertThat(events(ws, "message_stream_ended")).isEmpty(); // the reply was still being written
      Map<String, Object> ended = awaitEvent(ws, "message_stream_ended");
      long complete = System.nanoTime();
      assertThat(TimeUnit.NANOSECONDS.toMillis(complete - firstToken)).isGreaterThanOrEqualTo(TOKEN_PAUSE_MS);
      assertThat(events(ws, "message_stream_token")).extracting(t -> t.get("token")).containsExactly("Hello", " there", " friend");
      assertThat(ended).containsEntry("content", "Hello there friend").containsEntry("message_id", streamed + ":1");
    }
    String plain = newChat(Map.of("agent_id", streamer, "user_id", "stream-user"));
    HttpJson.Response json = http.post("/api/v1/chats/" + plain + "/messages", say("hi"));
    assertThat(json.status()).as(json.body()).isEqualTo(200);
    assertThat(List.copyOf(transcript(streamed).values())).isEqualTo(List.copyOf(transcript(plain).values()))
        .containsExactly("user:hi", "assistant:Hello there friend");
  }

  @Test
  void tool_steps_are_shown_and_text_written_before_a_tool_call_is_discarded() {
    String chat = newChat(Map.of("agent_id", streamer, "user_id", "tool-user"));
    try (WsClient ws = connect("tool-user", chat)) {
      ws.send(say("where is my order?"));
      Map<String, Object> ended = awaitEvent(ws, "message_stream_ended");
      assertThat(types(ws)).containsExactly("connection_established", "message_received", "message_stream_started",
          "message_stream_token", "message_stream_discarded", "tool_call", "tool_result", "message_stream_started", "message_stream_token", "message_stream_token", "message_stream_ended");
      List<Map<String, Object>> starts = events(ws, "message_stream_started");
      assertThat(starts).extracting(s -> s.get("message_id")).containsExactly(chat + ":1", chat + ":2");
      assertThat(awaitEvent(ws, "message_stream_discarded")).containsEntry("message_id", chat + ":1").containsKey("reason");
      assertThat(awaitEvent(ws, "tool_call")).containsEntry("message_id", chat + ":1").containsEntry("chat_id", chat)
          .containsEntry("tool_call_id", "call_1").containsEntry("name", "lookupOrder").containsEntry("arguments", Map.of("id", "42"));
      assertThat(awaitEvent(ws, "tool_result")).containsEntry("message_id", chat + ":1").containsEntry("tool_call_id", "call_1")
          .containsEntry("name", "lookupOrder").containsEntry("result", Map.of("status", "shipped"));
      assertThat(ended).containsEntry("message_id", chat + ":2").containsEntry("content", "Your order has shipped.");
    }
    Map<String, String> stored = transcript(chat);
    assertThat(stored).containsExactly(Map.entry(chat + ":0", "user:where is my order?"), Map.entry(chat + ":1", "assistant:"),
        Map.entry(chat + ":2", "assistant:Your order has shipped."));
    Map<String, Object> toolTurn = asMap(asList(http.get("/api/v1/chats/" + chat + "/messages").json().get("messages")).get(1));
    assertThat(asList(toolTurn.get("tool_calls"))).hasSize(1);
  }

  @Test
  void a_reply_the_model_did_not_stream_is_sent_whole_as_one_token() {
    String chat = newChat(Map.of("agent_id", streamer, "user_id", "unlucky"));
    try (WsClient ws = connect("unlucky", chat)) {
      ws.send(say("please fail"));
      Map<String, Object> ended = awaitEvent(ws, "message_stream_ended");
      assertThat(types(ws)).containsExactly("connection_established", "message_received", "message_stream_started",
          "message_stream_token", "message_stream_ended");
      assertThat((String) ended.get("content")).startsWith("Sorry");
      assertThat(awaitEvent(ws, "message_stream_token")).containsEntry("token", ended.get("content")).containsEntry("index", 0)
          .containsEntry("message_id", chat + ":1");
    }
    assertThat(transcript(chat).get(chat + ":1")).startsWith("assistant:Sorry");
  }

  @Test
  void a_client_that_leaves_mid_reply_does_not_stop_the_turn() throws Exception {
    String chat = newChat(Map.of("agent_id", streamer, "user_id", "leaver-early"));
    try (WsClient ws = connect("leaver-early", chat)) {
      ws.send(say("hi"));
      awaitEvent(ws, "message_stream_token");
      ws.abort();
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (transcript(chat).size() < 2 && System.currentTimeMillis() < deadline) Thread.sleep(100);
    assertThat(transcript(chat).values()).containsExactly("user:hi", "assistant:Hello there friend");
  }

  // --- errors about messages (the socket stays open)

  @Test
  void malformed_and_oversized_messages_get_errors_and_the_socket_stays_usable() {
    String chat = newChat(Map.of("user_id", "sloppy"));
    try (WsClient ws = connect("sloppy", chat)) {
      ws.sendRaw("not json");
      ws.sendRaw("[1, 2]");
      ws.sendUnchecked(Map.of("metadata", Map.of()));
      ws.sendUnchecked(say("  "));
      ws.sendUnchecked(Map.of("content", 5));
      ws.sendUnchecked(Map.of("content", "hi", "metadata", "not an object"));
      ws.await(m -> events(ws, "error").size() >= 6, "six errors");
      assertThat(events(ws, "error")).extracting(e -> e.get("code")).containsOnly("malformed_message").hasSize(6);

      ws.sendRaw("{\"content\": \"" + "x".repeat(70_000) + "\"}");
      assertThat((String) awaitError(ws, "message_too_large").get("message")).contains("65536 bytes");
      ws.send(say("y".repeat(40_000)));
      assertThat((String) awaitError(ws, "content_too_large").get("message")).contains("32768");
      assertThat(ws.isClosed()).isFalse();

      ws.send(say("still here"));
      assertThat(awaitEvent(ws, "message_stream_ended")).containsEntry("content", "You said: still here");
      assertThat(events(ws, "message_received")).hasSize(1);
    }
    assertThat(transcript(chat)).hasSize(3); // greeting, "still here", its reply: nothing of the refused messages
  }

  @Test
  void a_message_during_a_running_turn_gets_turn_in_progress() throws Exception {
    String chat = newChat(Map.of("agent_id", streamer, "user_id", "hasty"));
    try (WsClient ws = connect("hasty", chat)) {
      ws.send(say("hi"));
      awaitEvent(ws, "message_stream_token");
      ws.send(say("are you there?"));
      Map<String, Object> busy = awaitError(ws, "turn_in_progress");
      assertThat(events(ws, "message_stream_ended")).isEmpty(); // refused at once, not after the reply
      assertThat(awaitEvent(ws, "message_stream_ended")).containsEntry("content", "Hello there friend");
      assertThat(busy.get("message")).isNotNull();
    }
    assertThat(transcript(chat).values()).containsExactly("user:hi", "assistant:Hello there friend");

    // a turn running elsewhere (here: a lease held in the database) outlasting the turn wait
    String other = newChat(Map.of("user_id", "hasty"));
    try (WsClient ws = connect("hasty", other)) {
      sql("UPDATE chat_sessions SET turn_lease_owner = gen_random_uuid(), turn_lease_until = now() + interval '1 minute' "
          + "WHERE id = ?::uuid", other);
      ws.send(say("hello?"));
      awaitError(ws, "turn_in_progress");
      assertThat(events(ws, "message_received")).isEmpty();
      sql("UPDATE chat_sessions SET turn_lease_owner = NULL, turn_lease_until = NULL WHERE id = ?::uuid", other);
      ws.send(say("hello again"));
      assertThat(awaitEvent(ws, "message_stream_ended")).containsEntry("content", "You said: hello again");
    }
  }

  // --- endings: the finish pipeline, TTL, REST

  @Test
  void an_agent_finish_ends_the_stream_as_final_and_closes_normally() {
    String chat = newChat(Map.of("user_id", "leaver"));
    try (WsClient ws = connect("leaver", chat)) {
      ws.send(say("ok bye"));
      assertThat(awaitEvent(ws, "message_stream_ended")).containsEntry("content", "Goodbye!").containsEntry("is_final", true)
          .containsEntry("status", "final");
      assertThat(ws.awaitClose().code()).isEqualTo(1000);
    }
    Map<String, Object> stored = http.get("/api/v1/chats/" + chat).json();
    assertThat(stored).containsEntry("status", "final").containsEntry("final_reason", "agent_finish");
  }

  @Test
  void a_chat_ended_elsewhere_or_by_ttl_gets_chat_final_and_a_normal_close() throws Exception {
    String chat = newChat(Map.of("user_id", "watched"));
    try (WsClient ws = connect("watched", chat)) {
      http.post("/api/v1/chats/" + chat + "/end", Map.of());
      assertThat((String) awaitError(ws, "chat_final").get("message")).contains("user_end");
      assertThat(ws.awaitClose().code()).isEqualTo(1000);
    }

    String idle = newChat(Map.of("user_id", "watched", "ttl_seconds", 60));
    try (WsClient ws = connect("watched", idle)) {
      sql("UPDATE chat_sessions SET last_activity = now() - interval '2 minutes', expires_at = now() - interval '1 second' "
          + "WHERE id = ?::uuid", idle);
      assertThat((String) awaitError(ws, "chat_final").get("message")).contains("ttl");
      assertThat(ws.awaitClose().code()).isEqualTo(1000);
    }
    assertThat(http.get("/api/v1/chats/" + idle).json()).containsEntry("final_reason", "ttl");
  }
}
