package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.usecase.chat.ExpireIdleSessions;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Races that must have exactly one winner: opens on one endpoint, endings against the sweeper, parallel turns. */
class SessionConcurrencyTest extends ApiTestBase {

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.sweeper.enabled", false, "datasources.default.maximum-pool-size", 20);
  }

  @Test
  void fifty_parallel_opens_on_one_endpoint_yield_one_active_session() throws Exception {
    Map<String, Object> body = Map.of("channel", "twilio_sms", "external_id", Map.of("from", "+1", "provider_id", UUID.randomUUID().toString()));
    List<HttpJson.Response> responses = race(50, () -> http.post("/api/v1/chats", body));
    assertThat(responses).extracting(HttpJson.Response::status).containsOnly(200, 201);
    assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(1);
    assertThat(responses.stream().map(r -> r.json().get("id")).distinct()).hasSize(1);
    assertThat(database.sql().count("SELECT count(*) FROM chat_sessions WHERE channel = 'twilio_sms' AND status = 'active' AND external_id->>'provider_id' = ?",
        ((Map<?, ?>) body.get("external_id")).get("provider_id"))).isEqualTo(1);
  }

  @Test
  void end_racing_the_sweeper_and_another_end_finalises_exactly_once() throws Exception {
    ExpireIdleSessions sweeper = context.getBean(ExpireIdleSessions.class);
    for (int round = 0; round < 10; round++) {
      String id = (String) http.post("/api/v1/chats", Map.of("ttl_seconds", 60)).json().get("id");
      database.sql().update("UPDATE chat_sessions SET expires_at = now() - interval '1 second' WHERE id = ?::uuid", id);
      List<Object> outcomes = race(3, i -> i == 0 ? (Object) sweeper.sweep() : http.post("/api/v1/chats/" + id + "/end", Map.of()));
      for (Object outcome : outcomes) if (outcome instanceof HttpJson.Response r) assertThat(r.status()).isEqualTo(200);
      Map<String, Object> chat = http.get("/api/v1/chats/" + id).json();
      assertThat(chat.get("final_reason")).isIn("ttl", "user_end");
      assertThat(database.sql().count("SELECT count(*) FROM activity_log WHERE chat_id = ?::uuid AND kind = 'ended'", id)).isEqualTo(1);
      assertThat(database.sql().count("SELECT count(*) FROM webhook_outbox WHERE chat_id = ?::uuid", id)).isEqualTo(1);
    }
  }

  @Test
  void parallel_turns_on_one_session_never_interleave() throws Exception {
    String id = (String) http.post("/api/v1/chats", Map.of()).json().get("id");
    int turns = 8;
    List<HttpJson.Response> responses = race(turns, i -> sendUntilAnswered(id, "message " + i));
    // every turn ran (a refusal is retried as a client would), so an all-refused race cannot pass
    assertThat(responses).extracting(HttpJson.Response::status).containsOnly(200);
    List<Object> transcript = HttpJson.asList(http.get("/api/v1/chats/" + id).json().get("messages"));
    assertThat(transcript).hasSize(1 + 2 * turns);
    List<String> asked = new ArrayList<>();
    for (int i = 1; i < transcript.size(); i += 2) {
      String user = (String) HttpJson.asMap(transcript.get(i)).get("content");
      String reply = (String) HttpJson.asMap(transcript.get(i + 1)).get("content");
      assertThat(reply).isEqualTo("You said: " + user); // every reply follows its own question
      asked.add(user);
    }
    assertThat(asked).containsExactlyInAnyOrderElementsOf(
        java.util.stream.IntStream.range(0, turns).mapToObj(i -> "message " + i).toList());
  }

  /** Sends one message, retrying while another turn holds the chat (409 turn_in_progress or turn_lease_lost). */
  private HttpJson.Response sendUntilAnswered(String chatId, String content) throws InterruptedException {
    HttpJson.Response response = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      response = http.post("/api/v1/chats/" + chatId + "/messages", Map.of("content", content));
      if (response.status() != 409) return response;
      assertThat(response.json().get("code")).isIn("turn_in_progress", "turn_lease_lost");
      Thread.sleep(20);
    }
    return response;
  }

  private <T> List<T> race(int n, Callable<T> call) throws Exception {
    return race(n, i -> call.call());
  }

  interface IndexedCall<T> {
    T call(int index) throws Exception;
  }

  private <T> List<T> race(int n, IndexedCall<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          start.await();
          return call.call(index);
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) results.add(f.get());
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
