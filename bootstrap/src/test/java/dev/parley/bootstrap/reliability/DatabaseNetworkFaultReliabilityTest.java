package dev.parley.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Sql;
import dev.parley.bootstrap.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Network faults between the server and PostgreSQL, injected by the suite's own TCP proxy ({@link PgProxy}) under
 * a load of message posts: new connections refused; every connection reset; every connection stalled (a black
 * hole). Each fault is healed and the next one injected. Time-outs stay bounded (Hikari connection-timeout 2 s,
 * pgjdbc socketTimeout, here 3 s), failures are 503 problem+json, readiness turns DOWN and back UP, and every
 * acknowledged message is stored exactly once. The database itself is never touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseNetworkFaultReliabilityTest {
  private TestDatabase.Database database;
  private Sql db;
  private PgProxy proxy;
  private InProcessServer server;
  private String key;

  @BeforeAll
  void start() {
    database = TestDatabase.create();
    db = database.sql();
    URI upstream = URI.create(database.url().substring("jdbc:".length()));
    proxy = new PgProxy(upstream.getHost(), upstream.getPort());
    String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + upstream.getPath()
        + (upstream.getQuery() == null ? "" : "?" + upstream.getQuery());
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("datasources.default.data-source-properties.socketTimeout", 3);
    props.put("parley.limits.turn-lease", "10s");
    props.put("parley.idempotency.lease", "10s");
    server = InProcessServer.start(new Sql(proxied, database.user(), database.password()), props);
    key = server.newTenantKey("network");
  }

  @AfterAll
  void stop() {
    if (server != null) server.close();
    if (proxy != null) proxy.close();
    if (database != null) TestDatabase.drop(database);
  }

  record Phase(String name, long from, long to, long recoveryMillis) {}

  @Test
  void refused_reset_and_stalled_connections_give_bounded_503s_readiness_down_then_up_and_lose_nothing() throws Exception {
    Object socketTimeout = server.context().getBean(DataSource.class).unwrap(HikariDataSource.class)
        .getDataSourceProperties().get("socketTimeout");
    assertThat(String.valueOf(socketTimeout)).as("pgjdbc socketTimeout reaches the driver").isEqualTo("3");

    HttpJson http = new HttpJson(server.base(), key);
    List<String> chats = new ArrayList<>();
    for (int i = 0; i < 3; i++) chats.add((String) http.post("/api/v1/chats", Map.of("ttl_seconds", 3600)).json().get("id"));
    MessageLoad load = new MessageLoad(server.base(), key, "net-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofSeconds(30));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI api = server.base().resolve("/api/v1/chats?take=1");
    List<Phase> phases = new ArrayList<>();
    try (Probe readiness = new Probe(server.base().resolve("/health/readiness"), null, 250)) {
      load.start(chats);
      ServerProcess.sleep(1_500);
      for (int round = 0; round < Summary.scale(); round++) {
        phases.add(fault("refuse", proxy::refuse, 3_000, client, api));
        phases.add(fault("drop", proxy::drop, 4_000, client, api));
        phases.add(fault("stall", proxy::stall, 6_000, client, api));
      }
      ServerProcess.sleep(1_500);
      load.stop();
      int stillUnacked = load.retryUnacknowledged(Duration.ofSeconds(60));
      MessageLoad.Verdict verdict = load.verify(db);

      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("posts", load.attempts().size());
      summary.putAll(verdict.asSummary());
      summary.put("keys_retried_then_acked", load.retriedThenAcked());
      summary.put("5xx_other", load.count(a -> a.status() >= 500 && a.status() != 503));
      summary.put("no_answer", load.count(a -> a.status() == 0));
      summary.put("unacked_after_retry", stillUnacked);
      List<Runnable> checks = new ArrayList<>();
      for (Phase p : phases) {
        List<MessageLoad.Attempt> in = load.attempts().stream().filter(a -> a.atMillis() >= p.from() && a.atMillis() <= p.to() + 10_000
            && a.atMillis() - a.millis() <= p.to()).toList();
        long slowest = in.stream().filter(a -> !a.acked()).mapToLong(MessageLoad.Attempt::millis).max().orElse(0);
        // a readiness answer that completed during the fault or within 2.5 s after it (a DOWN takes the 2 s pool wait)
        List<Probe.Seen> ready = readiness.between(p.from() + 500, p.to() + 2_500);
        summary.put(p.name(), "{posts=" + in.size() + " ok=" + in.stream().filter(MessageLoad.Attempt::acked).count()
            + " 503=" + in.stream().filter(a -> a.status() == 503).count() + " slowest_failure_ms=" + slowest
            + " readiness_down=" + ready.stream().anyMatch(s -> s.status() == 503) + " recovery_ms=" + p.recoveryMillis() + "}");
        checks.add(() -> {
          assertThat(slowest).as("%s: a failure took too long", p.name()).isLessThan(10_000);
          assertThat(p.recoveryMillis()).as("%s: serving again after healing", p.name()).isBetween(0L, 5_000L);
          if (!p.name().equals("refuse"))
            assertThat(ready).as("%s: readiness while the network is broken", p.name()).anyMatch(s -> s.status() == 503);
        });
      }
      List<Probe.Seen> all = readiness.seen();
      summary.put("readiness_up_at_end", all.get(all.size() - 1).status() == 200);
      Summary.print("database-network", summary);
      checks.forEach(Runnable::run);

      assertThat(verdict.lost()).as("acknowledged but missing: %s", verdict.lostKeys()).isZero();
      assertThat(verdict.duplicated()).as("stored twice: %s", verdict.duplicatedContents()).isZero();
      assertThat(stillUnacked).as("keys never acknowledged, with their last answer: %s", load.unacknowledgedWithLastAnswer()).isZero();
      assertThat(load.count(a -> a.status() >= 500 && a.status() != 503)).as("5xx other than 503").isZero();
      assertThat(load.attempts().stream().filter(a -> a.status() == 503))
          .allSatisfy(a -> assertThat(a.contentType()).contains("application/problem+json"))
          .allSatisfy(a -> assertThat(a.retryAfter()).isNotBlank());
      assertThat(load.count(a -> a.status() == 0)).as("requests without any answer").isZero();
      ServerProcess.sleep(500);
      assertThat(Probe.get(client, server.base().resolve("/health/readiness"), null).status()).isEqualTo(200);
    }
  }

  private Phase fault(String name, Runnable inject, long millis, HttpClient client, URI api) {
    long from = System.currentTimeMillis();
    inject.run();
    ServerProcess.sleep(millis);
    long to = System.currentTimeMillis();
    proxy.heal();
    long healed = System.currentTimeMillis();
    long recovered = -1;
    while (System.currentTimeMillis() - healed < 30_000) {
      if (Probe.get(client, api, key).status() == 200) {
        recovered = System.currentTimeMillis() - healed;
        break;
      }
      ServerProcess.sleep(50);
    }
    ServerProcess.sleep(1_000);
    return new Phase(name, from, to, recovered);
  }
}
