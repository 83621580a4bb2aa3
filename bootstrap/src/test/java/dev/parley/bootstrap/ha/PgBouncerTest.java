package dev.parley.bootstrap.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.out.persistence.PgChatEvents;
import dev.parley.bootstrap.reliability.InProcessServer;
import dev.parley.bootstrap.reliability.MessageLoad;
import dev.parley.bootstrap.reliability.Summary;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Sql;
import dev.parley.bootstrap.support.TestDatabase;
import java.net.URI;
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
 * Parley behind PgBouncer 1.18 in transaction pooling mode: two instances whose pools (8 each) go through the pooler
 * with {@code prepareThreshold=0}, and whose LISTEN/NOTIFY listeners go to PostgreSQL directly
 * ({@code parley.chat-events.url}). The schema is migrated through the pooler; under a load of REST messages the
 * server holds no more connections than the pooler's pool; a web chat socket on instance A hears of messages posted
 * on instance B; nothing fails, nothing is lost or stored twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgBouncerTest {
  private static final int BOUNCER_POOL = 4;
  private TestDatabase.Database database;
  private PgBouncer bouncer;
  private InProcessServer a;
  private InProcessServer b;
  private String key;

  @BeforeAll
  void start() {
    HaTools.require("pgbouncer");
    database = TestDatabase.create();
    URI server = URI.create(database.url().substring("jdbc:".length()));
    bouncer = PgBouncer.start(server.getHost(), server.getPort(), database.user(), BOUNCER_POOL);
    Sql pooled = new Sql(bouncer.jdbcUrl(database.name()), database.user(), database.password());
    Map<String, Object> settings = Map.of("parley.chat-events.url", database.url(), "parley.webchat.maintenance.enabled", false);
    a = InProcessServer.start(pooled, settings);
    b = InProcessServer.start(pooled, settings);
    key = a.newTenantKey("pgbouncer");
  }

  @AfterAll
  void stop() {
    if (a != null) a.close();
    if (b != null) b.close();
    if (bouncer != null) bouncer.close();
    if (database != null) TestDatabase.drop(database);
  }

  @Test
  void through_pgbouncer_in_transaction_mode_nothing_fails_and_sockets_hear_other_instances() {
    HttpJson onA = new HttpJson(a.base(), key);
    HttpJson onB = new HttpJson(b.base(), key);
    String agent = (String) onA.post("/api/v1/agents", Map.of("name", "Pooled", "greeting", "Hi",
        "script", Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}"))).json().get("id");
    String token = (String) onA.post("/api/v1/agents/" + agent + "/web-integrations", Map.of("allow_web_chat", true)).json().get("token");
    PgChatEvents eventsA = a.context().getBean(PgChatEvents.class);
    await().atMost(Duration.ofSeconds(20)).until(eventsA::isListening);
    Sql direct = database.sql();

    List<String> chats = new ArrayList<>();
    try (WebChatWatcher socket = WebChatWatcher.open(a.base(), token)) {
      chats.add(socket.chatId());
      for (int i = 0; i < 7; i++) chats.add((String) onB.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id"));
      MessageLoad load = new MessageLoad(b.base(), key, "bouncer-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofSeconds(30));
      load.start(chats);
      long maxServerConnections = 0;
      long until = System.currentTimeMillis() + 5_000;
      while (System.currentTimeMillis() < until) {
        maxServerConnections = Math.max(maxServerConnections, direct.count("SELECT count(*) FROM pg_stat_activity "
            + "WHERE datname = current_database() AND application_name NOT LIKE 'parley-events-%' AND pid <> pg_backend_pid()"));
        HaTools.sleep(100);
      }
      load.stop();
      MessageLoad.Verdict verdict = load.verify(direct);
      List<String> stored = direct.strings("SELECT content FROM chat_messages WHERE chat_id = ?::uuid AND role = 'assistant' ORDER BY seq",
          UUID.fromString(socket.chatId()));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(socket.assistantTexts()).containsAll(stored));
      long listeners = direct.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'parley-events-%'");

      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("instances", 2);
      summary.put("client_pool_total", 16);
      summary.put("pgbouncer_pool", BOUNCER_POOL);
      summary.put("posts", load.attempts().size());
      summary.putAll(verdict.asSummary());
      summary.put("statuses", load.statusHistogram());
      summary.put("max_server_connections", maxServerConnections);
      summary.put("direct_listeners", listeners);
      summary.put("socket_replies", socket.assistantTexts().size());
      summary.put("socket_duplicates", socket.duplicateSeqs());
      Summary.print("ha-pgbouncer", summary);

      assertThat(load.attempts()).as("posts").hasSizeGreaterThan(20);
      assertThat(load.count(x -> !x.acked())).as("failed posts: %s", load.statusHistogram()).isZero();
      assertThat(verdict.lost()).isZero();
      assertThat(verdict.duplicated()).isZero();
      assertThat(maxServerConnections).as("server connections of the pooled side").isBetween(1L, (long) BOUNCER_POOL);
      assertThat(listeners).as("listening connections, one per instance, straight to PostgreSQL").isEqualTo(2);
      assertThat(socket.duplicateSeqs()).isZero();
      assertThat(stored).isNotEmpty();
    }
  }
}
