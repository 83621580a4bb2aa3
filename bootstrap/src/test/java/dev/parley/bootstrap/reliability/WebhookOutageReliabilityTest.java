package dev.parley.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.out.webhooks.WebhookSignature;
import dev.parley.application.usecase.chat.ExpireIdleSessions;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Webhook receiver outage: while chats end in every way (user end, TTL sweep, agent finish), the receiver is down
 * (port closed), then answers 500, then hangs past the sender's time-out (shortened here: parley.webhooks.timeout
 * 1 s, first retry 200 ms, back-off capped at 1 s), then comes back. Every completion event arrives afterwards,
 * correctly signed, and duplicates (a hung request the receiver did finish reading) share one Parley-Event-Id.
 * The 410 dead-letter-then-replay path is covered by CompletionWebhookTest.a_410_dead_letters_at_once_and_a_replay_delivers_it
 * and the 72-hour schedule by WebhookRetryScheduleReliabilityTest.
 */
class WebhookOutageReliabilityTest extends ApiTestBase {
  private static final String SECRET = "outage-secret";
  private static final long PHASE_MILLIS = 3_000;
  private final FlakyReceiver receiver = new FlakyReceiver(2_500);

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.outbox.interval", "100ms", "parley.webhooks.first-retry", "200ms", "parley.webhooks.max-retry", "1s",
        "parley.webhooks.timeout", "1s", "parley.sweeper.enabled", false);
  }

  @AfterAll
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void every_completion_event_arrives_signed_and_deduplicable_after_down_500_and_hang_phases() {
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "Hooked", "greeting", "Hi",
        "script", Map.of("rules", List.of(Map.of("match", "(?i)^bye", "reply", "Goodbye", "finish", true)), "fallback", "ok"),
        "completion_webhook", Map.of("url", receiver.url("/hooks/outage"), "secret", SECRET))).json().get("id");
    ExpireIdleSessions sweeper = context.getBean(ExpireIdleSessions.class);
    Map<String, String> reasonByChat = new HashMap<>();
    Map<String, Integer> phaseCounts = new LinkedHashMap<>();
    for (int round = 0; round < Summary.scale(); round++) {
      for (FlakyReceiver.Mode mode : List.of(FlakyReceiver.Mode.DOWN, FlakyReceiver.Mode.ERROR_500, FlakyReceiver.Mode.HANG)) {
        receiver.mode(mode);
        long until = System.currentTimeMillis() + PHASE_MILLIS;
        int ended = 0;
        while (System.currentTimeMillis() < until) {
          reasonByChat.put(endOne(agent, "user_end"), "user_end");
          reasonByChat.put(endOne(agent, "agent_finish"), "agent_finish");
          String idle = open(agent);
          jdbc("UPDATE chat_sessions SET expires_at = now() - interval '1 second' WHERE id = ?::uuid", idle);
          sweeper.sweep();
          reasonByChat.put(idle, "ttl");
          ended += 3;
          ServerProcess.sleep(300);
        }
        phaseCounts.merge(mode.name().toLowerCase(java.util.Locale.ROOT), ended, Integer::sum);
      }
    }
    long beforeBack = receiver.got().stream().filter(g -> g.answeredAs() == FlakyReceiver.Mode.ACCEPT).count();
    receiver.mode(FlakyReceiver.Mode.ACCEPT);
    long back = System.currentTimeMillis();
    Sql db = database.sql();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> db.count("SELECT count(*) FROM webhook_outbox WHERE status <> 'delivered'") == 0);
    long drained = System.currentTimeMillis() - back;

    List<FlakyReceiver.Got> all = receiver.got();
    List<FlakyReceiver.Got> accepted = all.stream().filter(g -> g.answeredAs() == FlakyReceiver.Mode.ACCEPT).toList();
    Set<String> outboxIds = Set.copyOf(db.strings("SELECT id::text FROM webhook_outbox"));
    Map<String, Long> perEvent = all.stream().collect(Collectors.groupingBy(g -> g.request().header("Parley-Event-Id"), Collectors.counting()));
    long now = System.currentTimeMillis() / 1000;
    long badSignatures = all.stream().filter(g -> !WebhookSignature.verify(g.request().header("Parley-Signature"), SECRET,
        g.request().body(), now, 600)).count();
    Map<String, String> chatOfEvent = new HashMap<>();
    long mismatched = 0;
    for (FlakyReceiver.Got g : all) {
      Map<String, Object> payload = HttpJson.asMap(new HttpJson.Response(200, Map.of(), g.request().text()).parsed());
      String chat = (String) HttpJson.asMap(payload.get("data")).get("id");
      String id = g.request().header("Parley-Event-Id");
      if (!id.equals(payload.get("id")) || (chatOfEvent.containsKey(id) && !chatOfEvent.get(id).equals(chat))) mismatched++;
      chatOfEvent.put(id, chat);
      if (!reasonByChat.getOrDefault(chat, "?").equals(HttpJson.asMap(payload.get("data")).get("final_reason"))) mismatched++;
    }

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("chats_ended", reasonByChat.size());
    summary.put("ended_per_phase", phaseCounts);
    summary.put("events", outboxIds.size());
    summary.put("requests_seen", all.size());
    summary.put("accepted_before_back", beforeBack);
    summary.put("distinct_events_received", perEvent.size());
    summary.put("lost", outboxIds.stream().filter(id -> accepted.stream().noneMatch(g -> id.equals(g.request().header("Parley-Event-Id")))).count());
    summary.put("received_more_than_once", perEvent.values().stream().filter(n -> n > 1).count());
    summary.put("bad_signatures", badSignatures);
    summary.put("payload_mismatches", mismatched);
    summary.put("drained_ms", drained);
    Summary.print("webhook-outage", summary);

    assertThat(outboxIds).hasSize(reasonByChat.size());
    assertThat(summary.get("lost")).isEqualTo(0L);
    assertThat(accepted.stream().map(g -> g.request().header("Parley-Event-Id")).collect(Collectors.toSet())).isEqualTo(outboxIds);
    assertThat(badSignatures).isZero();
    assertThat(mismatched).isZero();
    assertThat(all).extracting(g -> g.request().header("Parley-Event-Id")).doesNotContainNull();
  }

  private String open(String agent) {
    return (String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id");
  }

  private String endOne(String agent, String how) {
    String chat = open(agent);
    HttpJson.Response r = how.equals("user_end") ? http.post("/api/v1/chats/" + chat + "/end", Map.of())
        : http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "bye"));
    assertThat(r.status()).isEqualTo(200);
    return chat;
  }

  private void jdbc(String sql, String id) {
    database.sql().update(sql, UUID.fromString(id));
  }

  @SuppressWarnings("unused")
  private static List<String> ids(List<FlakyReceiver.Got> got) {
    return new ArrayList<>(got.stream().map(g -> g.request().header("Parley-Event-Id")).toList());
  }
}
