package dev.parley.bootstrap.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.out.persistence.PgChatEvents;
import dev.parley.bootstrap.reliability.InProcessServer;
import dev.parley.bootstrap.reliability.MessageLoad;
import dev.parley.bootstrap.reliability.Probe;
import dev.parley.bootstrap.reliability.Summary;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL failover with pg_auto_failover (a monitor, a primary and a synchronous standby; see
 * {@link AutoFailoverCluster}) under load. Two Parley instances connect with the multi-host URL that targets the
 * primary; REST messages go to instance B (API chats and web chats), the web chats' sockets live on instance A and
 * hear of B's messages only through LISTEN/NOTIFY (the periodic fallback check is off). Then the primary's whole node
 * is killed, as a machine loss would. Asserted: no acknowledged write lost, none stored twice for one idempotency key,
 * the failures while the standby is promoted are 503 problem+json with Retry-After and bounded in time (never a hang),
 * both instances serve again without a restart, the sockets get every reply once, and the old primary rejoins as
 * standby. The time without service is printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresFailoverTest {
  private AutoFailoverCluster cluster;
  private InProcessServer a;
  private InProcessServer b;
  private String key;

  @BeforeAll
  void start() {
    cluster = AutoFailoverCluster.start();
    Sql db = new Sql(cluster.jdbcUrl(), "postgres", "");
    Map<String, Object> settings = Map.of("parley.limits.turn-lease", "10s", "parley.idempotency.lease", "10s",
        "parley.webchat.maintenance.enabled", false, "parley.chat-events.reconnect-max", "1s",
        "parley.sweeper.interval", "1s", "parley.outbox.interval", "200ms");
    a = InProcessServer.start(db, settings);
    b = InProcessServer.start(db, settings);
    key = a.newTenantKey("failover");
  }

  @AfterAll
  void stop() {
    if (a != null) a.close();
    if (b != null) b.close();
    if (cluster != null) cluster.close();
  }

  @Test
  void killing_the_primary_node_under_load_loses_nothing_answers_bounded_503s_and_the_old_primary_rejoins() {
    HttpJson onA = new HttpJson(a.base(), key);
    HttpJson onB = new HttpJson(b.base(), key);
    String agent = (String) onA.post("/api/v1/agents", Map.of("name", "Failover", "greeting", "Hi",
        "script", Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}"))).json().get("id");
    HttpJson.Response integration = onA.post("/api/v1/agents/" + agent + "/web-integrations", Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    String token = (String) integration.json().get("token");
    PgChatEvents eventsA = a.context().getBean(PgChatEvents.class);
    await().atMost(Duration.ofSeconds(20)).until(eventsA::isListening);

    List<WebChatWatcher> sockets = new ArrayList<>();
    List<String> chats = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      WebChatWatcher w = WebChatWatcher.open(a.base(), token);
      sockets.add(w);
      chats.add(w.chatId());
    }
    for (int i = 0; i < 4; i++) chats.add((String) onB.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id"));

    MessageLoad load = new MessageLoad(b.base(), key, "failover-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofSeconds(30));
    AutoFailoverCluster.Node oldPrimary = cluster.primary();
    AutoFailoverCluster.Node standby = cluster.other(oldPrimary);
    long killedAt;
    long promotedMillis;
    long rejoinMillis;
    Map<String, Object> summary = new LinkedHashMap<>();
    try (Probe probeB = new Probe(b.base().resolve("/api/v1/chats?take=1"), key, 100);
         Probe probeA = new Probe(a.base().resolve("/api/v1/chats?take=1"), key, 100)) {
      load.start(chats);
      HaTools.sleep(4_000);
      killedAt = System.currentTimeMillis();
      cluster.kill(oldPrimary);
      promotedMillis = cluster.awaitStates(90_000, Map.of(standby.name(), "wait_primary"));
      // both instances serve again without a restart
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> probeA.seen().get(probeA.seen().size() - 1).status() == 200 && probeB.seen().get(probeB.seen().size() - 1).status() == 200);
      HaTools.sleep(3_000); // load on the new primary
      long rejoinStart = System.currentTimeMillis();
      cluster.rejoin(oldPrimary);
      rejoinMillis = cluster.awaitStates(120_000, Map.of(oldPrimary.name(), "secondary", standby.name(), "primary"));
      summary.put("rejoined_after_ms", rejoinMillis);
      HaTools.sleep(2_000); // load with the standby back (synchronous again)
      load.stop();

      List<Probe.Seen> seen = new ArrayList<>(probeA.seen());
      seen.addAll(probeB.seen());
      long lastOkBefore = seen.stream().filter(s -> s.status() == 200 && s.atMillis() - s.millis() <= killedAt)
          .mapToLong(Probe.Seen::atMillis).max().orElse(killedAt);
      long firstOkAfterA = firstOkAfter(probeA.seen(), killedAt);
      long firstOkAfterB = firstOkAfter(probeB.seen(), killedAt);
      long withoutService = Math.max(firstOkAfterA, firstOkAfterB) - Math.min(lastOkBefore, killedAt);
      long slowestProbe = seen.stream().filter(s -> s.atMillis() > killedAt).mapToLong(Probe.Seen::millis).max().orElse(0);

      int stillUnacked = load.retryUnacknowledged(Duration.ofSeconds(60));
      MessageLoad.Verdict verdict = load.verify(cluster.sql());
      List<MessageLoad.Attempt> failed = load.attempts().stream().filter(x -> !x.acked()).toList();
      long other5xx = load.count(x -> x.status() >= 500 && x.status() != 503);
      long noAnswer = load.count(x -> x.status() == 0);
      long problem503 = failed.stream().filter(x -> x.status() == 503 && String.valueOf(x.contentType()).contains("application/problem+json")
          && x.retryAfter() != null && !x.retryAfter().isBlank()).count();
      long slowestFailure = failed.stream().mapToLong(MessageLoad.Attempt::millis).max().orElse(0);

      // the sockets on A heard of every message posted on B, before and after the failover, each once
      Map<String, List<String>> stored = new LinkedHashMap<>();
      for (WebChatWatcher w : sockets)
        stored.put(w.chatId(), cluster.sql().strings("SELECT content FROM chat_messages WHERE chat_id = ?::uuid AND role = 'assistant' ORDER BY seq",
            UUID.fromString(w.chatId())));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        for (WebChatWatcher w : sockets) assertThat(w.assistantTexts()).as("replies shown on the socket of %s", w.chatId()).containsAll(stored.get(w.chatId()));
      });
      long duplicates = sockets.stream().mapToLong(WebChatWatcher::duplicateSeqs).sum();
      // the rejoined standby holds every acknowledged write too (it replicated from the new primary)
      Sql rejoined = cluster.nodeSql(oldPrimary);
      await().atMost(Duration.ofSeconds(30)).until(() -> rejoined.count("SELECT count(*) FROM chat_messages") == cluster.sql().count("SELECT count(*) FROM chat_messages"));

      summary.put("posts", load.attempts().size());
      summary.putAll(verdict.asSummary());
      summary.put("keys_retried_then_acked", load.retriedThenAcked());
      summary.put("promotion_ms", promotedMillis);
      summary.put("without_service_ms", withoutService);
      summary.put("503_problem", problem503);
      summary.put("5xx_other", other5xx);
      summary.put("no_answer", noAnswer);
      summary.put("slowest_failure_ms", slowestFailure);
      summary.put("slowest_probe_ms", slowestProbe);
      summary.put("statuses", load.statusHistogram());
      summary.put("listener_reconnects_a", eventsA.reconnects());
      summary.put("socket_replies", sockets.stream().mapToInt(w -> w.assistantTexts().size()).sum());
      summary.put("socket_duplicates", duplicates);
      summary.put("unacked_after_retry", stillUnacked);
      Summary.print("ha-postgres-failover", summary);

      assertThat(verdict.lost()).as("acknowledged messages missing: %s", verdict.lostKeys()).isZero();
      assertThat(verdict.duplicated()).as("messages stored twice: %s", verdict.duplicatedContents()).isZero();
      assertThat(stillUnacked).as("keys never acknowledged, with their last answer: %s", load.unacknowledgedWithLastAnswer()).isZero();
      assertThat(other5xx).as("5xx other than 503").isZero();
      assertThat(noAnswer).as("requests that got no HTTP answer (a hang or a dropped connection)").isZero();
      assertThat(problem503).as("503s during the promotion").isPositive();
      assertThat(failed).allSatisfy(x -> assertThat(x.status()).as("%s", x).isIn(503, 409));
      assertThat(failed.stream().filter(x -> x.status() == 503)).allSatisfy(x -> {
        assertThat(x.contentType()).contains("application/problem+json");
        assertThat(x.retryAfter()).isNotBlank();
      });
      assertThat(slowestFailure).as("a failure took too long (a hang)").isLessThan(12_000);
      assertThat(slowestProbe).as("a read took too long during the failover").isLessThan(12_000);
      assertThat(eventsA.reconnects()).as("the listening connection moved to the new primary").isPositive();
      assertThat(duplicates).as("socket frames delivered twice").isZero();
      assertThat(sockets).allSatisfy(w -> assertThat(w.closed()).as("socket of %s still open", w.chatId()).isFalse());
      assertThat(withoutService).as("time without service").isLessThan(60_000);
    } finally {
      sockets.forEach(WebChatWatcher::close);
    }
  }

  private static long firstOkAfter(List<Probe.Seen> seen, long at) {
    boolean failedOnce = false;
    for (Probe.Seen s : seen) {
      if (s.atMillis() <= at) continue;
      if (s.status() != 200) failedOnce = true;
      else if (failedOnce) return s.atMillis();
    }
    return at; // never failed after the kill
  }
}
