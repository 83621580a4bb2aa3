package dev.parley.bootstrap.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.bootstrap.reliability.MessageLoad;
import dev.parley.bootstrap.reliability.ServerProcess;
import dev.parley.bootstrap.reliability.Summary;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Sql;
import dev.parley.bootstrap.support.TestDatabase;
import dev.parley.bootstrap.support.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Instance loss: three Parley JVMs on one database behind HAProxy (health-checking readiness). Under a load of REST
 * messages (each with its idempotency key) and web chat sockets, one instance is killed with SIGKILL. Its sockets
 * resume through the balancer with their last seq and get every reply exactly once; REST calls that failed are
 * retried with their keys and succeed; nothing is lost or stored twice; the TTL sweeper and the webhook outbox go
 * on on the survivors (every chat expired after the kill is ended and its webhook sent once).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceLossTest {
  private static final String ADMIN_KEY = "instance-loss-admin-key";
  private TestDatabase.Database database;
  private Sql db;
  private final List<ServerProcess> servers = new ArrayList<>();
  private Haproxy balancer;
  private final WebhookReceiver receiver = new WebhookReceiver();

  @BeforeAll
  void start() {
    HaTools.require("haproxy");
    database = TestDatabase.create();
    db = database.sql();
    Map<String, String> properties = new LinkedHashMap<>(ServerProcess.underTestLoad(ADMIN_KEY));
    properties.put("parley.limits.turn-lease", "3s");
    properties.put("parley.idempotency.lease", "3s");
    properties.put("parley.sweeper.interval", "500ms");
    properties.put("parley.outbox.interval", "200ms");
    properties.put("parley.outbound.allow-loopback", "true");
    properties.put("datasources.default.maximum-pool-size", "5");
    // the first instance migrates the schema alone; the other two start together
    servers.add(ServerProcess.start("instance-loss-0", HaTools.freePort(), db, properties));
    List<CompletableFuture<ServerProcess>> others = new ArrayList<>();
    for (int i = 1; i < 3; i++) {
      String name = "instance-loss-" + i;
      others.add(CompletableFuture.supplyAsync(() -> ServerProcess.start(name, HaTools.freePort(), db, properties)));
    }
    others.forEach(f -> servers.add(f.join()));
    balancer = Haproxy.start(servers.stream().map(ServerProcess::port).toList());
  }

  @AfterAll
  void stop() {
    if (balancer != null) balancer.close();
    servers.forEach(ServerProcess::close);
    receiver.close();
    if (database != null) TestDatabase.drop(database);
  }

  @Test
  void kill_9_of_one_instance_behind_the_balancer_loses_nothing_and_its_sockets_resume_exactly_once() {
    HttpJson admin = new HttpJson(balancer.base(), null);
    HttpJson.Response tenant = admin.post("/api/v1/admin/tenants", Map.of("name", "instance-loss"), Map.of("X-Admin-Key", ADMIN_KEY));
    assertThat(tenant.status()).as(tenant.body()).isEqualTo(201);
    String key = (String) tenant.json().get("api_key");
    HttpJson http = new HttpJson(balancer.base(), key);
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "Instance loss", "greeting", "Hi",
        "script", Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}"),
        "completion_webhook", Map.of("url", receiver.url("/hooks/loss"), "secret", "loss-secret"))).json().get("id");
    HttpJson.Response integration = http.post("/api/v1/agents/" + agent + "/web-integrations", Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    String token = (String) integration.json().get("token");

    ServerProcess victim = servers.get(0);
    // two sockets surely on the victim, two wherever the balancer puts them
    List<WebChatWatcher> sockets = new ArrayList<>();
    for (int i = 0; i < 4; i++) sockets.add(WebChatWatcher.open(i < 2 ? victim.base() : balancer.base(), token));
    List<String> chats = new ArrayList<>(sockets.stream().map(WebChatWatcher::chatId).toList());
    for (int i = 0; i < 4; i++) chats.add((String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id"));

    MessageLoad load = new MessageLoad(balancer.base(), key, "loss-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofSeconds(30));
    Map<String, Object> summary = new LinkedHashMap<>();
    try {
      load.start(chats);
      HaTools.sleep(4_000);
      long killedAt = System.currentTimeMillis();
      victim.killHard();
      // the browsers whose socket died come back through the balancer, with the last seq they saw
      await().atMost(Duration.ofSeconds(20)).until(() -> sockets.get(0).closed() && sockets.get(1).closed());
      HaTools.sleep(1_000); // the balancer's sockets on the victim close too
      for (WebChatWatcher w : sockets) if (w.closed()) w.resume(balancer.base());
      long resumedAfter = System.currentTimeMillis() - killedAt;

      // the sweeper and the outbox of the survivors: chats expired after the kill are ended and reported once
      List<String> expiring = new ArrayList<>();
      for (int i = 0; i < 5; i++) expiring.add((String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id"));
      for (String chat : expiring) db.update("UPDATE chat_sessions SET expires_at = now() - interval '1 second' WHERE id = ?::uuid", UUID.fromString(chat));
      HaTools.sleep(3_000);
      load.stop();

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(expiring)
          .allSatisfy(chat -> assertThat(receiver.requestsTo("/hooks/loss").stream().filter(r -> r.text().contains(chat)).count())
              .as("webhooks for expired chat %s", chat).isEqualTo(1)));
      long sweptEnded = db.count("SELECT count(*) FROM chat_sessions WHERE id = ANY(?::uuid[]) AND status <> 'active'",
          (Object) expiring.stream().map(UUID::fromString).toArray(UUID[]::new));

      int stillUnacked = load.retryUnacknowledged(Duration.ofSeconds(60));
      MessageLoad.Verdict verdict = load.verify(db);
      Map<String, List<String>> stored = new LinkedHashMap<>();
      for (WebChatWatcher w : sockets)
        stored.put(w.chatId(), db.strings("SELECT content FROM chat_messages WHERE chat_id = ?::uuid AND role = 'assistant' ORDER BY seq",
            UUID.fromString(w.chatId())));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        for (WebChatWatcher w : sockets) assertThat(w.assistantTexts()).as("replies shown on the socket of %s", w.chatId()).containsAll(stored.get(w.chatId()));
      });
      long failedStatuses5xx = load.count(a -> a.status() >= 500 && a.status() != 502 && a.status() != 503);

      summary.put("instances", servers.size());
      summary.put("killed", 1);
      summary.put("posts", load.attempts().size());
      summary.putAll(verdict.asSummary());
      summary.put("keys_retried_then_acked", load.retriedThenAcked());
      summary.put("statuses", load.statusHistogram());
      summary.put("sockets", sockets.size());
      summary.put("socket_resumes", sockets.stream().mapToInt(WebChatWatcher::resumes).sum());
      summary.put("resumed_within_ms", resumedAfter);
      summary.put("replayed_already_seen", sockets.stream().mapToLong(WebChatWatcher::replayedSeen).sum());
      summary.put("socket_duplicates", sockets.stream().mapToLong(WebChatWatcher::duplicateSeqs).sum());
      summary.put("socket_replies", sockets.stream().mapToInt(w -> w.assistantTexts().size()).sum());
      summary.put("expired_after_kill_ended", sweptEnded);
      summary.put("webhooks_for_them", expiring.size());
      summary.put("unacked_after_retry", stillUnacked);
      Summary.print("ha-instance-loss", summary);

      assertThat(verdict.lost()).as("acknowledged messages missing: %s", verdict.lostKeys()).isZero();
      assertThat(verdict.duplicated()).as("messages stored twice: %s", verdict.duplicatedContents()).isZero();
      assertThat(stillUnacked).as("keys never acknowledged, with their last answer: %s", load.unacknowledgedWithLastAnswer()).isZero();
      assertThat(failedStatuses5xx).as("5xx other than the balancer's 502 (a request cut by the kill) and 503").isZero();
      assertThat(load.attempts().stream().filter(a -> a.status() == 503)).as("503s, the balancer's own included")
          .allSatisfy(a -> assertThat(a.retryAfter()).isNotBlank())
          .allSatisfy(a -> assertThat(a.contentType()).contains("application/problem+json"));
      assertThat(sockets.stream().mapToInt(WebChatWatcher::resumes).sum()).isGreaterThanOrEqualTo(2);
      assertThat(sockets).allSatisfy(w -> {
        assertThat(w.replayedSeen()).as("frames replayed that %s already had", w.chatId()).isZero();
        assertThat(w.duplicateSeqs()).as("frames of %s delivered twice", w.chatId()).isZero();
      });
      assertThat(sweptEnded).as("chats expired after the kill, ended by a survivor's sweeper").isEqualTo(expiring.size());
    } finally {
      sockets.forEach(WebChatWatcher::close);
    }
  }
}
