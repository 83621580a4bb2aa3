package dev.parley.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.usecase.chat.ExpireIdleSessions;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Sql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Races beyond SessionConcurrencyTest (which has 50 parallel opens on one endpoint, end vs sweeper vs end, and 8
 * parallel turns): here the four ways a conversation ends race on one chat — a user end, the TTL sweeper, the agent
 * finishing (a scripted rule with finish) and a second end — many times, several chats at once; and writers that
 * retry on 409 send messages in parallel to one chat until every one is in.
 */
class FinalisationRaceReliabilityTest extends ApiTestBase {

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.sweeper.enabled", false, "datasources.default.maximum-pool-size", 20,
        "parley.rate-limit.per-second", 100000, "parley.rate-limit.burst", 100000);
  }

  @Test
  void end_ttl_agent_finish_and_a_second_end_race_to_exactly_one_finalisation_one_reason_one_event() throws Exception {
    ExpireIdleSessions sweeper = context.getBean(ExpireIdleSessions.class);
    Sql db = database.sql();
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "Finisher", "greeting", "Hi",
        "script", Map.of("rules", List.of(Map.of("match", "(?i)^bye", "reply", "Goodbye", "finish", true)), "fallback", "ok")))
        .json().get("id");
    int rounds = 15 * Summary.scale();
    int parallelChats = 4;
    Map<String, Integer> reasons = new TreeMap<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    int violations = 0;
    ExecutorService pool = Executors.newFixedThreadPool(4 * parallelChats);
    try {
      for (int round = 0; round < rounds; round++) {
        List<String> chats = new ArrayList<>();
        for (int i = 0; i < parallelChats; i++) {
          String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agent, "ttl_seconds", 60)).json().get("id");
          db.update("UPDATE chat_sessions SET expires_at = now() - interval '1 second' WHERE id = ?::uuid", UUID.fromString(chat));
          chats.add(chat);
        }
        List<Callable<Object>> racers = new ArrayList<>();
        racers.add(sweeper::sweep);
        for (String chat : chats) {
          racers.add(() -> http.post("/api/v1/chats/" + chat + "/end", Map.of("note", "first")));
          racers.add(() -> http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "bye")));
          racers.add(() -> http.post("/api/v1/chats/" + chat + "/end", Map.of("note", "second")));
        }
        for (Object outcome : race(pool, racers)) {
          if (outcome instanceof HttpJson.Response r) {
            statuses.merge(r.status(), 1, Integer::sum);
            if (r.status() != 200 && r.status() != 409) violations++;
          }
        }
        for (String chat : chats) {
          Map<String, Object> row = db.rows("SELECT status, final_reason FROM chat_sessions WHERE id = ?::uuid", UUID.fromString(chat)).get(0);
          long endings = db.count("SELECT count(*) FROM activity_log WHERE chat_id = ?::uuid AND kind = 'ended'", UUID.fromString(chat));
          long events = db.count("SELECT count(*) FROM webhook_outbox WHERE chat_id = ?::uuid", UUID.fromString(chat));
          long finishReplies = db.count("SELECT count(*) FROM chat_messages WHERE chat_id = ?::uuid AND content = 'Goodbye'", UUID.fromString(chat));
          String reason = (String) row.get("final_reason");
          reasons.merge(String.valueOf(reason), 1, Integer::sum);
          if (!"final".equals(row.get("status")) || endings != 1 || events != 1) violations++;
          if ("agent_finish".equals(reason) != (finishReplies == 1) || finishReplies > 1) violations++;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("rounds", rounds);
    summary.put("chats", rounds * parallelChats);
    summary.put("racers_per_chat", 4);
    summary.put("final_reasons", reasons);
    summary.put("http_statuses", statuses);
    summary.put("violations", violations);
    Summary.print("race-endings", summary);
    assertThat(violations).isZero();
    assertThat(reasons.keySet()).isSubsetOf("user_end", "ttl", "agent_finish");
  }

  @Test
  void writers_in_parallel_on_one_chat_lose_nothing_and_see_one_consistent_order() throws Exception {
    String chat = (String) http.post("/api/v1/chats", Map.of("ttl_seconds", 3600)).json().get("id");
    int writers = 6;
    int perWriter = 8 * Summary.scale();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    int[] conflicts = new int[writers];
    try {
      List<Callable<Object>> jobs = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        jobs.add(() -> {
          for (int i = 0; i < perWriter; i++) {
            String content = "w" + writer + "-" + i;
            while (true) {
              HttpJson.Response r = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", content),
                  Map.of("Idempotency-Key", "order-" + content));
              if (r.status() == 200) break;
              assertThat(r.status()).as(r.body()).isEqualTo(409);
              conflicts[writer]++;
              Thread.sleep(20);
            }
          }
          return null;
        });
      }
      race(pool, jobs);
    } finally {
      pool.shutdownNow();
    }
    List<Object> transcript = HttpJson.asList(http.get("/api/v1/chats/" + chat).json().get("messages"));
    List<String> users = new ArrayList<>();
    int misplacedReplies = 0;
    for (int i = 1; i < transcript.size(); i += 2) {
      String user = (String) HttpJson.asMap(transcript.get(i)).get("content");
      String reply = (String) HttpJson.asMap(transcript.get(i + 1)).get("content");
      users.add(user);
      if (!reply.equals("You said: " + user)) misplacedReplies++;
    }
    int outOfOrder = 0;
    for (int w = 0; w < writers; w++) {
      String prefix = "w" + w + "-";
      List<Integer> seq = users.stream().filter(u -> u.startsWith(prefix)).map(u -> Integer.parseInt(u.substring(prefix.length()))).toList();
      for (int i = 1; i < seq.size(); i++) if (seq.get(i) <= seq.get(i - 1)) outOfOrder++;
    }
    long distinct = users.stream().distinct().count();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("writers", writers);
    summary.put("messages", writers * perWriter);
    summary.put("stored", users.size());
    summary.put("lost", writers * perWriter - distinct);
    summary.put("duplicated", users.size() - distinct);
    summary.put("misplaced_replies", misplacedReplies);
    summary.put("out_of_order_per_writer", outOfOrder);
    summary.put("409_retries", java.util.Arrays.stream(conflicts).sum());
    Summary.print("race-parallel-messages", summary);
    assertThat(users).hasSize(writers * perWriter);
    assertThat(distinct).isEqualTo(writers * perWriter);
    assertThat(misplacedReplies).isZero();
    assertThat(outOfOrder).isZero();
  }

  private static List<Object> race(ExecutorService pool, List<Callable<Object>> calls) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Object>> futures = new ArrayList<>();
    for (Callable<Object> call : calls) futures.add(pool.submit(() -> {
      start.await();
      return call.call();
    }));
    start.countDown();
    List<Object> results = new ArrayList<>();
    for (Future<Object> f : futures) results.add(f.get());
    return results;
  }
}
