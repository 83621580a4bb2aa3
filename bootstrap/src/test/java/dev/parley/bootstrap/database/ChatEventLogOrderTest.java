package dev.parley.bootstrap.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.port.out.ChatEventLog;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.bootstrap.support.ApiTestBase;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The event log's promise (decision 0011): a reader that keeps asking for "the entries after the last id I saw"
 * while many transactions write, each slow to commit after its entries were inserted, ends up with every entry,
 * once, in increasing order. Without the per-tenant lock a transaction that took a lower id and committed later
 * would be skipped.
 */
class ChatEventLogOrderTest extends ApiTestBase {

  @Test
  void a_reader_following_by_last_id_sees_every_entry_of_concurrent_slow_commits_once_in_order() throws Exception {
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "Quiet", "model", Map.of("provider", "scripted"),
        "script", Map.of("rules", List.of(), "fallback", "ok"))).json().get("id");
    List<UUID> chats = new ArrayList<>();
    for (int i = 0; i < 4; i++) chats.add(UUID.fromString((String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id")));
    UUID tenant = UUID.fromString(database.sql().strings("SELECT tenant_id::text FROM chat_sessions WHERE id = ?", chats.get(0)).get(0));
    ChatEventLog log = context.getBean(ChatEventLog.class);
    UnitOfWork uow = context.getBean(UnitOfWork.class);
    TransactionOperations<?> transactions = context.getBean(TransactionOperations.class);
    long start = log.lastId(tenant);

    int writers = 6;
    int perWriter = 25;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      UUID chat = chats.get(w % chats.size());
      done.add(pool.submit(() -> {
        for (int i = 0; i < perWriter; i++) uow.run(() -> {
          log.append(new ChatEventLog.Entry(tenant, chat, ChatEventLog.TURN, "agent", Map.of("state", "started"), Instant.now()));
          // runs after the log's own hook: the entry is inserted, and the commit is slow to come
          transactions.findTransactionStatus().orElseThrow().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
              sleep(ThreadLocalRandom.current().nextInt(4));
            }
          });
        });
      }));
    }
    List<Long> seen = new ArrayList<>();
    long last = start;
    while (!done.stream().allMatch(Future::isDone) || last < log.lastId(tenant)) {
      for (ChatEventLog.Logged e : log.after(tenant, last, ChatEventLog.Filter.ALL, 200)) {
        seen.add(e.id());
        last = e.id();
      }
    }
    for (Future<?> f : done) f.get(1, TimeUnit.MINUTES);
    pool.shutdown();
    List<Long> stored = database.sql().strings("SELECT id::text AS text_id FROM chat_event_log WHERE tenant_id = ? AND id > ? ORDER BY id",
        tenant, start).stream().map(Long::valueOf).toList();
    assertThat(stored).hasSize(writers * perWriter);
    assertThat(seen).as("what the reader saw, following by last id").containsExactlyElementsOf(stored);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
