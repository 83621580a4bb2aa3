package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.out.persistence.PgChatEvents;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.WsClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server instances — two application contexts on two loopback ports — against one database: what happens to a
 * web chat on one instance reaches the socket held by the other through PostgreSQL LISTEN/NOTIFY. The periodic
 * fallback check is switched off here, so only the event feed (and its catch-up after a reconnect) can deliver.
 */
class WebChatClusterTest extends ApiTestBase {
  private EmbeddedServer serverB;
  private HttpJson httpB;
  private String agentId;
  private String integrationId;
  private String token;

  @Override
  protected Map<String, Object> extraProperties() {
    // Instance A reconnects its listening connection slowly (after 2.5 to 5 s), so a test can post while it is down.
    // Only instance B sweeps expired chats, so an ending by TTL is made on B.
    return Map.of("parley.webchat.maintenance.enabled", false, "parley.sweeper.enabled", false,
        "parley.chat-events.reconnect-min", "5s", "parley.chat-events.reconnect-max", "5s");
  }

  @BeforeAll
  void startInstanceB() {
    serverB = startAnotherServer(Map.of("parley.chat-events.reconnect-min", "200ms", "parley.sweeper.enabled", true,
        "parley.sweeper.interval", "300ms"));
    httpB = new HttpJson(serverB.getURI(), apiKey);
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", "Cluster bot");
    agent.put("prompt", "You help.");
    agent.put("greeting", "Hello, how can I help?");
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", List.of(Map.of("match", "(?i)\\bbye\\b", "reply", "Goodbye!", "finish", true)),
        "fallback", "You said: {{last_user_message}}"));
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    agentId = (String) created.json().get("id");
    HttpJson.Response integration = http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    integrationId = (String) integration.json().get("id");
    token = (String) integration.json().get("token");
    await().atMost(Duration.ofSeconds(10)).until(() -> events(server).isListening() && events(serverB).isListening());
  }

  private static PgChatEvents events(EmbeddedServer s) {
    return s.getApplicationContext().getBean(PgChatEvents.class);
  }

  private static Map<String, Object> initialize() {
    return Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", Map.of("callType", "chat"));
  }

  private static Map<String, Object> say(String text) {
    return Map.of("type", "incomingChatMessage", "content", text, "timestamp", Instant.now().toString());
  }

  /** Connects to {@code s}, initializes and waits for the greeting; answers the connection event's data. */
  private static Map<String, Object> open(WsClient ws) {
    ws.send(initialize());
    Map<String, Object> connection = asMap(ws.awaitEvent("connection").get("data"));
    ws.awaitText("assistant", "Hello, how can I help?");
    return connection;
  }

  private void postOnB(String chatId, String content) {
    HttpJson.Response r = httpB.post("/api/v1/chats/" + chatId + "/messages", Map.of("content", content));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private static long count(WsClient ws, String source, String text) {
    return ws.received().stream().filter(m -> "text".equals(m.get("type")))
        .map(m -> asMap(m.get("content")))
        .filter(c -> source.equals(c.get("source")) && text.equals(c.get("text"))).count();
  }

  private static void assertSeqIncreases(WsClient ws) {
    long last = 0;
    for (Map<String, Object> m : ws.received()) {
      long seq = ((Number) m.get("seq")).longValue();
      assertThat(seq).as("seq of %s", m).isGreaterThan(last);
      last = seq;
    }
  }

  @Test
  void a_message_posted_over_rest_on_instance_b_reaches_the_socket_on_instance_a_once() {
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + token)) {
      String chatId = (String) open(ws).get("recordId");

      postOnB(chatId, "hi from REST");
      ws.awaitText("user", "hi from REST");
      ws.awaitText("assistant", "You said: hi from REST");

      ws.send(say("and from the socket"));
      ws.awaitText("assistant", "You said: and from the socket");
      postOnB(chatId, "REST again");
      ws.awaitText("assistant", "You said: REST again");

      assertThat(count(ws, "user", "hi from REST")).isEqualTo(1);
      assertThat(count(ws, "assistant", "You said: hi from REST")).isEqualTo(1);
      assertThat(count(ws, "user", "and from the socket")).isEqualTo(1);
      assertThat(count(ws, "assistant", "You said: and from the socket")).isEqualTo(1);
      assertThat(count(ws, "assistant", "Hello, how can I help?")).isEqualTo(1);
      assertSeqIncreases(ws);
    }
  }

  @Test
  void an_operator_on_instance_b_takes_over_and_their_message_reaches_the_socket_on_instance_a_under_their_name() {
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + token)) {
      String chatId = (String) open(ws).get("recordId");
      HttpJson.Response handoff = httpB.post("/api/v1/chats/" + chatId + "/handoff", Map.of("reason", "VIP"));
      assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);
      ws.send(say("is a person there?"));
      ws.awaitText("user", "is a person there?");
      HttpJson.Response op = httpB.post("/api/v1/chats/" + chatId + "/operator-messages",
          Map.of("content", "Yes, Ana here.", "operator", Map.of("id", "op-1", "name", "Ana")));
      assertThat(op.status()).as(op.body()).isEqualTo(201);
      Map<String, Object> frame = ws.awaitText("assistant", "Yes, Ana here.");
      assertThat(asMap(frame.get("content"))).containsEntry("name", "Ana");
      assertThat(count(ws, "assistant", "You said: is a person there?")).as("the agent stays silent").isZero();
      assertSeqIncreases(ws);
    }
  }

  @Test
  void an_ending_over_rest_on_instance_b_closes_the_socket_on_instance_a() {
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + token)) {
      String chatId = (String) open(ws).get("recordId");
      long start = System.nanoTime();
      HttpJson.Response ended = httpB.post("/api/v1/chats/" + chatId + "/end", Map.of());
      assertThat(ended.status()).as(ended.body()).isEqualTo(200);
      Map<String, Object> result = asMap(ws.awaitType("conversationResult").get("result"));
      assertThat(result).containsEntry("status", "completed").containsEntry("finalReason", "user_end");
      ws.awaitEvent("closed");
      assertThat(ws.awaitClose().code()).isEqualTo(1000);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void an_agent_finish_over_rest_on_instance_b_shows_the_last_reply_then_ends_the_socket_on_instance_a() {
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + token)) {
      String chatId = (String) open(ws).get("recordId");
      postOnB(chatId, "bye");
      ws.awaitText("assistant", "Goodbye!");
      Map<String, Object> result = asMap(ws.awaitType("conversationResult").get("result"));
      assertThat(result).containsEntry("finalReason", "agent_finish");
      assertThat(ws.awaitClose().code()).isEqualTo(1000);
      List<String> order = ws.received().stream().map(m -> String.valueOf(m.get("type"))).toList();
      assertThat(order.lastIndexOf("text")).isLessThan(order.indexOf("conversationResult"));
    }
  }

  @Test
  void messages_sent_while_the_listening_connection_is_down_are_caught_up_after_it_reconnects() throws Exception {
    PgChatEvents eventsA = events(server);
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + token)) {
      String chatId = (String) open(ws).get("recordId");
      long reconnectsBefore = eventsA.reconnects();

      assertThat(terminateBackend(eventsA.applicationName())).isEqualTo(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> !eventsA.isListening());
      postOnB(chatId, "while you were away");
      long seen = count(ws, "assistant", "You said: while you were away");
      assertThat(eventsA.reconnects()).as("the message was committed while A's listener was down").isEqualTo(reconnectsBefore);
      assertThat(seen).as("nothing delivers it while A is not listening").isZero();

      await().atMost(Duration.ofSeconds(10)).until(() -> eventsA.reconnects() > reconnectsBefore && eventsA.isListening());
      ws.awaitText("user", "while you were away");
      ws.awaitText("assistant", "You said: while you were away");

      postOnB(chatId, "after the reconnect");
      ws.awaitText("assistant", "You said: after the reconnect");
      assertThat(count(ws, "assistant", "You said: while you were away")).isEqualTo(1);
      assertSeqIncreases(ws);
    }
  }

  @Test
  void a_client_that_resumes_on_instance_b_takes_the_chat_from_its_socket_on_instance_a() {
    try (WsClient first = WsClient.connect(server.getURI(), "?token=" + token)) {
      Map<String, Object> connection = open(first);
      String chatId = (String) connection.get("recordId");
      long lastSeq = ((Number) first.awaitText("assistant", "Hello").get("seq")).longValue();
      try (WsClient second = WsClient.connect(serverB.getURI(), "?token=" + token)) {
        second.send(Map.of("type", "initialize", "request", Map.of("callType", "chat", "recordId", chatId,
            "resumeToken", connection.get("resumeToken"), "lastSeq", lastSeq)));
        assertThat(asMap(second.awaitEvent("connection").get("data"))).containsEntry("resumed", true);
        WsClient.Closed closed = first.awaitClose();
        assertThat(closed.code()).isEqualTo(4001);

        second.send(say("on B now"));
        second.awaitText("assistant", "You said: on B now");
        http.post("/api/v1/chats/" + chatId + "/messages", Map.of("content", "posted on A"));
        second.awaitText("assistant", "You said: posted on A");
        assertThat(count(second, "assistant", "You said: posted on A")).isEqualTo(1);
        assertThat(count(second, "assistant", "Hello, how can I help?")).isZero(); // seen before lastSeq
        assertSeqIncreases(second);
      }
    }
  }

  @Test
  void a_client_that_resumes_gets_the_messages_posted_over_rest_while_it_was_away() {
    Map<String, Object> connection;
    long lastSeq;
    String chatId;
    try (WsClient first = WsClient.connect(server.getURI(), "?token=" + token)) {
      connection = open(first);
      chatId = (String) connection.get("recordId");
      first.send(say("before the drop"));
      lastSeq = ((Number) first.awaitText("assistant", "You said: before the drop").get("seq")).longValue();
      first.abort();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.getApplicationContext()
        .getBean(dev.parley.adapter.in.ws.ChatLines.class).openSockets() == 0);
    postOnB(chatId, "while disconnected");
    try (WsClient again = WsClient.connect(serverB.getURI(), "?token=" + token)) {
      again.send(Map.of("type", "initialize", "request", Map.of("callType", "chat", "recordId", chatId,
          "resumeToken", connection.get("resumeToken"), "lastSeq", lastSeq)));
      again.awaitEvent("connection");
      again.awaitText("user", "while disconnected");
      again.awaitText("assistant", "You said: while disconnected");
      assertThat(count(again, "assistant", "You said: before the drop")).isZero();
      assertThat(count(again, "assistant", "You said: while disconnected")).isEqualTo(1);
      assertSeqIncreases(again);
    }
  }

  @Test
  void revoking_the_web_integration_on_instance_b_closes_sockets_open_with_it_on_instance_a() {
    HttpJson.Response created = http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of("allow_web_chat", true));
    String revokedId = (String) created.json().get("id");
    String revokedToken = (String) created.json().get("token");
    try (WsClient chatting = WsClient.connect(server.getURI(), "?token=" + revokedToken);
         WsClient idle = WsClient.connect(server.getURI(), "?token=" + revokedToken);
         WsClient other = WsClient.connect(server.getURI(), "?token=" + token)) {
      open(chatting);
      open(other);
      idle.send(Map.of("type", "terminate"));
      idle.awaitError("initialize_not_received"); // its token was checked: it is an open socket of the integration
      long start = System.nanoTime();
      assertThat(httpB.delete("/api/v1/agents/" + agentId + "/web-integrations/" + revokedId).status()).isEqualTo(204);

      chatting.awaitError("token_revoked");
      WsClient.Closed closed = chatting.awaitClose();
      assertThat(closed.code()).isEqualTo(1008);
      assertThat(closed.reason()).isEqualTo("token_revoked");
      idle.awaitError("token_revoked");
      assertThat(idle.awaitClose().code()).isEqualTo(1008);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

      other.send(say("still here"));
      other.awaitText("assistant", "You said: still here");
      assertThat(other.isClosed()).isFalse();
    }
  }

  @Test
  void the_ttl_sweeper_on_instance_b_ends_the_socket_on_instance_a() throws Exception {
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + token)) {
      String chatId = (String) open(ws).get("recordId");
      try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
           PreparedStatement ps = c.prepareStatement("UPDATE chat_sessions SET expires_at = now() - interval '1 second' "
               + "WHERE id = ?::uuid")) { // as if its TTL had passed (the shortest real TTL is a minute)
        ps.setString(1, chatId);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      Map<String, Object> result = asMap(ws.awaitType("conversationResult").get("result"));
      assertThat(result).containsEntry("finalReason", "ttl");
      assertThat(ws.awaitClose().code()).isEqualTo(1000);
    }
  }

  @Test
  void without_the_event_feed_the_periodic_check_still_delivers_messages_and_endings() {
    EmbeddedServer quiet = startAnotherServer(Map.of("parley.chat-events.enabled", false,
        "parley.webchat.maintenance.enabled", true, "parley.webchat.watch-interval", "300ms"));
    try (WsClient ws = WsClient.connect(quiet.getURI(), "?token=" + token)) {
      String chatId = (String) open(ws).get("recordId");
      postOnB(chatId, "heard by polling");
      ws.awaitText("user", "heard by polling");
      ws.awaitText("assistant", "You said: heard by polling");
      assertThat(httpB.post("/api/v1/chats/" + chatId + "/end", Map.of()).status()).isEqualTo(200);
      assertThat(asMap(ws.awaitType("conversationResult").get("result"))).containsEntry("finalReason", "user_end");
      assertThat(ws.awaitClose().code()).isEqualTo(1000);
      assertThat(count(ws, "assistant", "You said: heard by polling")).isEqualTo(1);
    }
  }

  /** Ends the backend whose application_name is {@code name} in this test's database; answers how many ended. */
  private int terminateBackend(String name) throws Exception {
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
         PreparedStatement ps = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
             + "WHERE application_name = ? AND datname = current_database()")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
