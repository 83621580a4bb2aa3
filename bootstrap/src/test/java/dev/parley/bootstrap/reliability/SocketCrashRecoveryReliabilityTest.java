package dev.parley.bootstrap.reliability;

import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Sql;
import dev.parley.bootstrap.support.TestDatabase;
import dev.parley.bootstrap.support.WsClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Crash on the socket path: web chats (webCall) send messages back to back to a real server JVM, which is killed
 * with SIGKILL mid-load and started again on the same database and port. Then each client reconnects with its resume
 * token and the last seq it saw, as the chat widget does. No reply the transcript holds is lost to the client (what
 * was committed but not yet shown comes on resume), no frame it already had is replayed, no message is stored twice,
 * and the chat goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocketCrashRecoveryReliabilityTest {
  private static final String ADMIN_KEY = "socket-crash-admin-key";
  private static final int CHATS = 4;
  private TestDatabase.Database database;
  private Sql db;
  private ServerProcess server;
  private int port;
  private final Map<String, String> properties = new LinkedHashMap<>();

  @BeforeAll
  void start() {
    database = TestDatabase.create();
    db = database.sql();
    port = OwnPostgres.freePort();
    properties.putAll(ServerProcess.underTestLoad(ADMIN_KEY));
    properties.put("parley.limits.turn-lease", "3s");
  }

  @AfterAll
  void stop() {
    if (server != null) server.close();
    if (database != null) TestDatabase.drop(database);
  }

  /** One chat as its browser sees it: what it sent and was answered, every frame it got, the last seq. */
  private static final class Chat {
    final String recordId;
    final String resumeToken;
    final List<Map<String, Object>> frames = new ArrayList<>();
    final List<String> answered = new ArrayList<>();
    long lastSeq;

    Chat(String recordId, String resumeToken) {
      this.recordId = recordId;
      this.resumeToken = resumeToken;
    }

    void saw(List<Map<String, Object>> received) {
      for (Map<String, Object> m : received) {
        frames.add(m);
        if (m.get("seq") instanceof Number n) lastSeq = Math.max(lastSeq, n.longValue());
      }
    }

    Set<String> assistantTexts() {
      Set<String> texts = new TreeSet<>();
      for (Map<String, Object> m : frames)
        if ("text".equals(m.get("type")) && "assistant".equals(asMap(m.get("content")).get("source")))
          texts.add((String) asMap(m.get("content")).get("text"));
      return texts;
    }
  }

  @Test
  void kill_9_mid_conversation_loses_no_reply_replays_no_seen_frame_and_the_chats_go_on() throws Exception {
    server = ServerProcess.start("socket-crash-0", port, db, properties);
    HttpJson admin = new HttpJson(server.base(), null);
    HttpJson.Response tenant = admin.post("/api/v1/admin/tenants", Map.of("name", "socket-crash"), Map.of("X-Admin-Key", ADMIN_KEY));
    assertThat(tenant.status()).isEqualTo(201);
    HttpJson http = new HttpJson(server.base(), (String) tenant.json().get("api_key"));
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "Socket crash", "greeting", "Hi",
        "script", Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}"))).json().get("id");
    HttpJson.Response integration = http.post("/api/v1/agents/" + agent + "/web-integrations", Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    String token = (String) integration.json().get("token");

    // Each browser sends its next message as soon as the reply came, until the server dies under it.
    Map<Integer, Chat> chats = new ConcurrentHashMap<>();
    AtomicBoolean killing = new AtomicBoolean();
    List<Thread> browsers = new ArrayList<>();
    for (int c = 0; c < CHATS; c++) {
      int id = c;
      Thread browser = new Thread(() -> {
        WsClient ws = WsClient.connect(server.base(), "?token=" + token);
        ws.send(Map.of("type", "initialize", "request", Map.of("callType", "chat")));
        Map<String, Object> connection = asMap(ws.awaitEvent("connection").get("data"));
        Chat chat = new Chat((String) connection.get("recordId"), (String) connection.get("resumeToken"));
        chats.put(id, chat);
        try {
          for (int k = 0; !killing.get() || k < 3; k++) {
            String text = "chat " + id + " message " + k;
            ws.send(Map.of("type", "incomingChatMessage", "content", text));
            ws.awaitText("assistant", "You said: " + text);
            chat.answered.add(text);
          }
        } catch (RuntimeException | AssertionError socketGone) {
          // the server was killed under this socket: what it got so far is judged below
        } finally {
          chat.saw(ws.received());
          ws.abort();
        }
      }, "browser-" + c);
      browsers.add(browser);
      browser.start();
    }
    ServerProcess.sleep(2_500);
    killing.set(true);
    server.killHard();
    for (Thread browser : browsers) browser.join(30_000);
    assertThat(chats).hasSize(CHATS);

    server = ServerProcess.start("socket-crash-1", port, db, properties);
    int replayedSeen = 0;
    for (Chat chat : chats.values()) {
      assertThat(chat.answered).as("chat %s answered messages before the kill", chat.recordId).isNotEmpty();
      try (WsClient ws = WsClient.connect(server.base(), "?token=" + token)) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("callType", "chat");
        request.put("recordId", chat.recordId);
        request.put("resumeToken", chat.resumeToken);
        request.put("lastSeq", chat.lastSeq);
        ws.send(Map.of("type", "initialize", "request", request));
        assertThat(asMap(ws.awaitEvent("connection").get("data"))).containsEntry("resumed", true);
        ws.send(Map.of("type", "incomingChatMessage", "content", "after the crash"));
        ws.awaitText("assistant", "You said: after the crash");
        List<Map<String, Object>> afterResume = ws.received();
        for (Map<String, Object> m : afterResume) {
          if (m.get("seq") instanceof Number n && "text".equals(m.get("type")) && n.longValue() <= chat.lastSeq) replayedSeen++;
        }
        chat.saw(afterResume);
      }

      // Every reply the transcript holds reached the client, before the kill or on resume.
      List<String> stored = db.strings("SELECT content FROM chat_messages WHERE chat_id = ?::uuid AND role = 'assistant' ORDER BY seq",
          java.util.UUID.fromString(chat.recordId));
      assertThat(chat.assistantTexts()).as("replies of chat %s shown to its client", chat.recordId).containsAll(stored);
      // Each message stored once: no turn was committed twice across the crash.
      List<String> users = db.strings("SELECT content FROM chat_messages WHERE chat_id = ?::uuid AND role = 'user' ORDER BY seq",
          java.util.UUID.fromString(chat.recordId));
      assertThat(users).doesNotHaveDuplicates().containsAll(chat.answered).contains("after the crash");
    }
    assertThat(replayedSeen).as("frames replayed that the client already had (seq <= its lastSeq)").isZero();

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("chats", CHATS);
    summary.put("answered_before_kill", chats.values().stream().mapToInt(c -> c.answered.size()).sum());
    summary.put("replayed_already_seen", replayedSeen);
    Summary.print("socket-crash", summary);
  }
}
