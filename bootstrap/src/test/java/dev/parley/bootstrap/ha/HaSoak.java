package dev.parley.bootstrap.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.bootstrap.reliability.MessageLoad;
import dev.parley.bootstrap.reliability.ServerProcess;
import dev.parley.bootstrap.reliability.Summary;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The high-availability soak (not in CI: its name does not end in Test; {@code bench/ha-soak} runs it). Three Parley
 * JVMs behind HAProxy on a pg_auto_failover cluster, under a steady load of REST messages and web chat sockets, for
 * {@code -Dha.soak.minutes} (60). At random intervals ({@code -Dha.soak.fault-every-s}, 20-90 s) it injects one
 * fault: the primary's node lost (it rejoins as standby afterwards) or one Parley instance killed with SIGKILL (it is
 * started again). At the end the same counters as the HA tests: acknowledged writes lost or stored twice, replies a
 * socket missed or got twice, frames replayed on resume, and the longest time without service.
 */
class HaSoak {
  private static final String ADMIN_KEY = "ha-soak-admin-key";

  @Test
  void soak() {
    long minutes = Long.getLong("ha.soak.minutes", 60);
    int[] faultEvery = parseRange(System.getProperty("ha.soak.fault-every-s", "20-90"));
    Random random = new Random(Long.getLong("ha.soak.seed", System.nanoTime()));
    Map<String, String> properties = new LinkedHashMap<>(ServerProcess.underTestLoad(ADMIN_KEY));
    properties.put("parley.limits.turn-lease", "5s");
    properties.put("parley.idempotency.lease", "5s");
    properties.put("datasources.default.maximum-pool-size", "5");
    List<ServerProcess> servers = new ArrayList<>();
    List<WebChatWatcher> sockets = new ArrayList<>();
    AutoFailoverCluster cluster = AutoFailoverCluster.start();
    try {
      Sql db = new Sql(cluster.jdbcUrl(), "postgres", "");
      List<Integer> ports = List.of(HaTools.freePort(), HaTools.freePort(), HaTools.freePort());
      for (int i = 0; i < 3; i++) servers.add(ServerProcess.start("ha-soak-" + i, ports.get(i), db, properties));
      try (Haproxy balancer = Haproxy.start(ports)) {
        HttpJson admin = new HttpJson(balancer.base(), null);
        String key = (String) admin.post("/api/v1/admin/tenants", Map.of("name", "ha-soak"), Map.of("X-Admin-Key", ADMIN_KEY)).json().get("api_key");
        HttpJson http = new HttpJson(balancer.base(), key);
        String agent = (String) http.post("/api/v1/agents", Map.of("name", "Soak", "greeting", "Hi",
            "script", Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}"))).json().get("id");
        String token = (String) http.post("/api/v1/agents/" + agent + "/web-integrations", Map.of("allow_web_chat", true)).json().get("token");
        for (int i = 0; i < 6; i++) sockets.add(WebChatWatcher.open(balancer.base(), token));
        List<String> chats = new ArrayList<>(sockets.stream().map(WebChatWatcher::chatId).toList());
        for (int i = 0; i < 6; i++) chats.add((String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id"));
        MessageLoad load = new MessageLoad(balancer.base(), key, "soak-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofSeconds(30));
        Map<String, Integer> faults = new LinkedHashMap<>(Map.of("postgres_primary_lost", 0, "instance_killed", 0));
        long longestOutage = 0;
        long end = System.currentTimeMillis() + Duration.ofMinutes(minutes).toMillis();
        load.start(chats);
        while (System.currentTimeMillis() < end) {
          HaTools.sleep(1000L * (faultEvery[0] + random.nextInt(faultEvery[1] - faultEvery[0] + 1)));
          if (System.currentTimeMillis() >= end) break;
          long at = System.currentTimeMillis();
          if (random.nextBoolean()) {
            AutoFailoverCluster.Node old = cluster.primary();
            cluster.kill(old);
            cluster.awaitStates(120_000, Map.of(cluster.other(old).name(), "wait_primary"));
            longestOutage = Math.max(longestOutage, awaitService(balancer.base(), key) - at);
            cluster.rejoin(old);
            cluster.awaitStates(300_000, Map.of(old.name(), "secondary", cluster.other(old).name(), "primary"));
            faults.merge("postgres_primary_lost", 1, Integer::sum);
          } else {
            int victim = random.nextInt(servers.size());
            servers.get(victim).killHard();
            longestOutage = Math.max(longestOutage, awaitService(balancer.base(), key) - at);
            HaTools.sleep(2_000);
            for (WebChatWatcher w : sockets) if (w.closed()) w.resume(balancer.base());
            servers.set(victim, ServerProcess.start("ha-soak-" + victim, ports.get(victim), db, properties));
            faults.merge("instance_killed", 1, Integer::sum);
          }
          for (WebChatWatcher w : sockets) if (w.closed()) w.resume(balancer.base());
        }
        load.stop();
        int stillUnacked = load.retryUnacknowledged(Duration.ofSeconds(120));
        MessageLoad.Verdict verdict = load.verify(db);
        for (WebChatWatcher w : sockets) if (w.closed()) w.resume(balancer.base());
        long missing = 0;
        HaTools.sleep(5_000);
        for (WebChatWatcher w : sockets) {
          List<String> stored = db.strings("SELECT content FROM chat_messages WHERE chat_id = ?::uuid AND role = 'assistant'", UUID.fromString(w.chatId()));
          missing += stored.stream().filter(s -> !w.assistantTexts().contains(s)).count();
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("minutes", minutes);
        summary.putAll(faults);
        summary.put("posts", load.attempts().size());
        summary.putAll(verdict.asSummary());
        summary.put("statuses", load.statusHistogram());
        long bare503 = load.count(a -> a.status() == 503 && (a.retryAfter() == null || !String.valueOf(a.contentType()).contains("problem+json")));
        summary.put("503_without_retry_after", bare503);
        summary.put("longest_without_service_ms", longestOutage);
        summary.put("socket_resumes", sockets.stream().mapToInt(WebChatWatcher::resumes).sum());
        summary.put("replayed_already_seen", sockets.stream().mapToLong(WebChatWatcher::replayedSeen).sum());
        summary.put("socket_duplicates", sockets.stream().mapToLong(WebChatWatcher::duplicateSeqs).sum());
        summary.put("socket_replies_missing", missing);
        summary.put("unacked_after_retry", stillUnacked);
        Summary.print("ha-soak", summary);
        assertThat(verdict.lost()).isZero();
        assertThat(verdict.duplicated()).isZero();
        assertThat(stillUnacked).as("keys never acknowledged, with their last answer: %s", load.unacknowledgedWithLastAnswer()).isZero();
        assertThat(missing).isZero();
        assertThat(bare503).as("503s without Retry-After or problem+json").isZero();
        assertThat(sockets).allSatisfy(w -> {
          assertThat(w.replayedSeen()).isZero();
          assertThat(w.duplicateSeqs()).isZero();
        });
      }
    } finally {
      sockets.forEach(WebChatWatcher::close);
      servers.forEach(ServerProcess::close);
      cluster.close(); // after the servers, so they do not spend their shutdown reconnecting
    }
  }

  /** Waits until a read through the balancer answers 200 again; answers when. */
  private static long awaitService(java.net.URI base, String key) {
    HttpJson http = new HttpJson(base, key);
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
      try {
        return http.get("/api/v1/chats?take=1").status() == 200;
      } catch (RuntimeException e) {
        return false;
      }
    });
    return System.currentTimeMillis();
  }

  private static int[] parseRange(String range) {
    String[] p = range.split("-");
    return new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[p.length - 1].trim())};
  }
}
