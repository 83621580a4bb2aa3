package dev.parley.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.out.webhooks.WebhookSignature;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Sql;
import dev.parley.bootstrap.support.TestDatabase;
import dev.parley.bootstrap.support.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Crash: the real server runs as a separate JVM under a load of message posts with Idempotency-Key headers and is
 * killed with SIGKILL, then started again on the same database and port. Every message whose POST was answered
 * 2xx is stored; retries of the unanswered ones with the same key store none twice; the TTL sweeper finishes the
 * sessions that expired while the server was dead and the outbox delivers every pending completion webhook, signed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryReliabilityTest {
  private static final String ADMIN_KEY = "crash-admin-key";
  private static final String SECRET = "crash-hook-secret";
  private TestDatabase.Database database;
  private Sql db;
  private final WebhookReceiver receiver = new WebhookReceiver();
  private ServerProcess server;
  private int port;
  private final Map<String, String> properties = new LinkedHashMap<>();

  @BeforeAll
  void start() {
    database = TestDatabase.create();
    db = database.sql();
    port = OwnPostgres.freePort();
    properties.putAll(ServerProcess.underTestLoad(ADMIN_KEY));
    properties.put("parley.outbound.allow-loopback", "true");
    properties.put("parley.sweeper.interval", "500ms");
    properties.put("parley.outbox.interval", "200ms");
    properties.put("parley.webhooks.first-retry", "300ms");
    properties.put("parley.webhooks.max-retry", "1s");
    properties.put("parley.limits.turn-lease", "5s");
    properties.put("parley.idempotency.lease", "5s");
  }

  @AfterAll
  void stop() {
    if (server != null) server.close();
    receiver.close();
    if (database != null) TestDatabase.drop(database);
  }

  @Test
  void kill_9_under_load_loses_no_acknowledged_message_stores_none_twice_and_sweeper_and_outbox_resume() {
    server = ServerProcess.start("crash-0", port, db, properties);
    HttpJson admin = new HttpJson(server.base(), null);
    HttpJson.Response tenant = admin.post("/api/v1/admin/tenants", Map.of("name", "crash"), Map.of("X-Admin-Key", ADMIN_KEY));
    assertThat(tenant.status()).isEqualTo(201);
    String key = (String) tenant.json().get("api_key");
    HttpJson http = new HttpJson(server.base(), key);
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "Crash", "greeting", "Hi",
        "script", Map.of("rules", List.of(Map.of("match", "(?i)^bye", "reply", "Goodbye", "finish", true)),
            "fallback", "You said: {{last_user_message}}"),
        "completion_webhook", Map.of("url", receiver.url("/hooks/crash"), "secret", SECRET))).json().get("id");
    receiver.answerWith(() -> 503); // completion events stay pending in the outbox across the crash

    int cycles = Summary.scale();
    List<String> writers = new ArrayList<>();
    for (int i = 0; i < 6; i++) writers.add(open(http, agent, 3600));
    MessageLoad load = new MessageLoad(server.base(), key, "crash-" + UUID.randomUUID().toString().substring(0, 8),
        Duration.ofSeconds(20));
    List<String> ended = new ArrayList<>();
    List<String> idle = new ArrayList<>();
    List<Long> restartMillis = new ArrayList<>();
    load.start(writers);
    for (int cycle = 0; cycle < cycles; cycle++) {
      for (int i = 0; i < 3; i++) {
        String chat = open(http, agent, 3600);
        assertThat(http.post("/api/v1/chats/" + chat + "/end", Map.of()).status()).isEqualTo(200);
        ended.add(chat);
      }
      List<String> expiring = new ArrayList<>();
      for (int i = 0; i < 3; i++) expiring.add(open(http, agent, 60));
      idle.addAll(expiring);
      ServerProcess.sleep(3_000);

      server.killHard();
      long killed = System.currentTimeMillis();
      // while no server runs: these sessions' TTL passes; the restarted server's sweeper must find them
      for (String chat : expiring) db.update("UPDATE chat_sessions SET expires_at = now() - interval '1 second' WHERE id = ?::uuid", UUID.fromString(chat));
      server = ServerProcess.start("crash-" + (cycle + 1), port, db, properties);
      restartMillis.add(System.currentTimeMillis() - killed);
      ServerProcess.sleep(2_000);
    }
    receiver.answerWith(() -> 200);
    ServerProcess.sleep(1_000);
    load.stop();
    int stillUnacked = load.retryUnacknowledged(Duration.ofSeconds(60));
    MessageLoad.Verdict verdict = load.verify(db);

    // the sweeper resumed: every session that expired while the server was dead ended with reason ttl
    await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM chat_sessions WHERE id = ANY(?::uuid[]) "
        + "AND status = 'final' AND final_reason = 'ttl'", (Object) idle.toArray(String[]::new)) == idle.size());
    // the outbox resumed: every completion event was delivered
    await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM webhook_outbox WHERE status <> 'delivered'") == 0);
    long events = db.count("SELECT count(*) FROM webhook_outbox");
    List<WebhookReceiver.Received> accepted = receiver.requestsTo("/hooks/crash");
    Set<String> eventIds = accepted.stream().map(r -> r.header("Parley-Event-Id")).collect(Collectors.toSet());
    long now = System.currentTimeMillis() / 1000;
    long unsigned = accepted.stream().filter(r -> !WebhookSignature.verify(r.header("Parley-Signature"), SECRET, r.body(), now, 600)).count();
    Set<String> stored = Set.copyOf(db.strings("SELECT id::text FROM webhook_outbox"));
    long perChatOutboxMax = db.rows("SELECT chat_id, count(*) AS n FROM webhook_outbox GROUP BY chat_id").stream()
        .mapToLong(r -> ((Number) r.get("n")).longValue()).max().orElse(0);

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("kills", cycles);
    summary.put("posts", load.attempts().size());
    summary.putAll(verdict.asSummary());
    summary.put("keys_retried_then_acked", load.retriedThenAcked());
    summary.put("no_answer", load.count(a -> a.status() == 0));
    summary.put("5xx", load.count(a -> a.status() >= 500));
    summary.put("retried_after_restart_unacked", stillUnacked);
    summary.put("restart_ms", restartMillis);
    summary.put("swept_after_restart", idle.size());
    summary.put("events", events);
    summary.put("event_ids_received", eventIds.size());
    summary.put("unsigned", unsigned);
    summary.put("statuses", load.statusHistogram());
    Summary.print("crash", summary);

    assertThat(verdict.lost()).as("acknowledged but missing: %s", verdict.lostKeys()).isZero();
    assertThat(verdict.duplicated()).as("stored twice: %s", verdict.duplicatedContents()).isZero();
    assertThat(stillUnacked).as("keys never acknowledged, with their last answer: %s", load.unacknowledgedWithLastAnswer()).isZero();
    assertThat(load.count(a -> a.status() >= 500)).as("5xx answers").isZero();
    assertThat(events).isEqualTo(ended.size() + idle.size());
    assertThat(perChatOutboxMax).isEqualTo(1);
    assertThat(eventIds).isEqualTo(stored);
    assertThat(unsigned).isZero();
  }

  private static String open(HttpJson http, String agent, int ttl) {
    HttpJson.Response r = http.post("/api/v1/chats", Map.of("agent_id", agent, "ttl_seconds", ttl));
    assertThat(r.status()).isEqualTo(201);
    return (String) r.json().get("id");
  }
}
