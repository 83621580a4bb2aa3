package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.out.webhooks.WebhookSignature;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.OrderBot;
import dev.parley.bootstrap.support.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The finish pipeline end to end: analysis, then a signed completion webhook from the outbox, retried and replayable. */
class CompletionWebhookTest extends ApiTestBase {
  private final WebhookReceiver receiver = new WebhookReceiver();

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.outbox.interval", "100ms", "parley.webhooks.first-retry", "200ms");
  }

  @AfterAll
  void stopReceiver() {
    receiver.close();
  }

  private String agentWithWebhook(String path, String secret) {
    Map<String, Object> agent = Map.of("name", "Hooked", "greeting", "Hi",
        "script", Map.of("rules", List.of(OrderBot.orderRule()), "fallback", OrderBot.FALLBACK),
        "tools", List.of(OrderBot.lookupOrderTool(receiver.url("/tools/lookupOrder"))),
        "completion_webhook", Map.of("url", receiver.url(path), "secret", secret),
        "analysis_fields", List.of(Map.of("name", "order_id", "description", "the order asked about", "type", "string")));
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body()).doesNotContain(secret);
    return (String) created.json().get("id");
  }

  private String chatOn(String agentId) {
    return (String) http.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");
  }

  @Test
  void ending_a_chat_delivers_one_signed_webhook_with_the_transcript_and_analysis() {
    String agent = agentWithWebhook("/hooks/signed", "s3cret");
    String chat = chatOn(agent);
    HttpJson.Response turn = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "where is my order?"));
    assertThat(HttpJson.write(turn.json())).contains("shipped");
    http.post("/api/v1/chats/" + chat + "/end", Map.of("note", "done"));

    await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.requestsTo("/hooks/signed").isEmpty());
    WebhookReceiver.Received hook = receiver.requestsTo("/hooks/signed").get(0);
    long now = System.currentTimeMillis() / 1000;
    assertThat(WebhookSignature.verify(hook.header("Parley-Signature"), "s3cret", hook.body(), now, 300)).isTrue();
    assertThat(WebhookSignature.verify(hook.header("Parley-Signature"), "wrong", hook.body(), now, 300)).isFalse();
    assertThat(hook.header("Parley-Event-Id")).isNotBlank();
    Map<String, Object> payload = HttpJson.asMap(HttpJson.asMap(new HttpJson.Response(200, Map.of(), hook.text()).json()));
    assertThat(payload).containsEntry("type", "chat.completed");
    Map<String, Object> data = asMap(payload.get("data"));
    assertThat(data).containsEntry("id", chat).containsEntry("final_reason", "user_end").containsKey("call_id");
    assertThat(asList(data.get("messages"))).hasSize(4);
    assertThat(asMap(data.get("analysis"))).containsKey("summary");

    Map<String, Object> analysis = http.get("/api/v1/chats/" + chat + "/analysis").json();
    assertThat(analysis).containsKey("summary");
    // the receiver answers before the worker records the outcome: wait for the record
    await().atMost(Duration.ofSeconds(10)).until(() -> asList(http.get("/api/v1/webhook-deliveries?chat_id=" + chat).json()
        .get("items")).stream().anyMatch(d -> "delivered".equals(asMap(d).get("status"))));
    List<Object> deliveries = asList(http.get("/api/v1/webhook-deliveries?chat_id=" + chat).json().get("items"));
    assertThat(deliveries).hasSize(1);
    assertThat(asMap(deliveries.get(0))).containsEntry("status", "delivered").containsEntry("attempts", 1);
  }

  @Test
  void server_errors_are_retried_until_the_receiver_accepts() {
    AtomicInteger calls = new AtomicInteger();
    String agent = agentWithWebhook("/hooks/flaky", "flaky-secret-1");
    receiver.answerWith(() -> calls.incrementAndGet() <= 2 ? 503 : 200);
    try {
      String chat = chatOn(agent);
      http.post("/api/v1/chats/" + chat + "/end", Map.of());
      await().atMost(Duration.ofSeconds(15)).until(() -> asList(http.get("/api/v1/webhook-deliveries?chat_id=" + chat).json()
          .get("items")).stream().anyMatch(d -> "delivered".equals(asMap(d).get("status"))));
      Map<String, Object> delivery = asMap(asList(http.get("/api/v1/webhook-deliveries?chat_id=" + chat).json().get("items")).get(0));
      assertThat(delivery).containsEntry("attempts", 3);
      List<WebhookReceiver.Received> hooks = receiver.requestsTo("/hooks/flaky");
      assertThat(hooks).hasSize(3);
      assertThat(hooks).extracting(h -> h.header("Parley-Event-Id")).containsOnly(hooks.get(0).header("Parley-Event-Id"));
      // the delivery keeps every attempt: the two 503s and the success, oldest first, each timed
      List<Object> log = asList(http.get("/api/v1/webhook-deliveries/" + delivery.get("id")).json().get("attempt_log"));
      assertThat(log).extracting(a -> asMap(a).get("status_code")).containsExactly(503, 503, 200);
      assertThat(log).extracting(a -> asMap(a).get("error")).containsExactly("HTTP 503", "HTTP 503", null);
      assertThat(log).allSatisfy(a -> assertThat(((Number) asMap(a).get("duration_ms")).longValue()).isBetween(0L, 10_000L));
      List<java.time.Instant> times = log.stream().map(a -> java.time.Instant.parse((String) asMap(a).get("at"))).toList();
      assertThat(times).isSorted();
      assertThat(delivery.get("attempt_log")).isNull(); // lists leave the log out
    } finally {
      receiver.answerWith(() -> 200);
    }
  }

  @Test
  void a_410_dead_letters_at_once_and_a_replay_delivers_it() {
    String agent = agentWithWebhook("/hooks/gone", "gone-secret-1");
    receiver.answerWith(() -> 410);
    String chat = chatOn(agent);
    http.post("/api/v1/chats/" + chat + "/end", Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> asList(http.get("/api/v1/webhook-deliveries?chat_id=" + chat).json()
        .get("items")).stream().anyMatch(d -> "dead".equals(asMap(d).get("status"))));
    Map<String, Object> dead = asMap(asList(http.get("/api/v1/webhook-deliveries?chat_id=" + chat).json().get("items")).get(0));
    assertThat(dead).containsEntry("attempts", 1).containsEntry("last_error", "HTTP 410");

    receiver.answerWith(() -> 200);
    HttpJson.Response replay = http.post("/api/v1/webhook-deliveries/" + dead.get("id") + "/replay", Map.of());
    assertThat(replay.status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(
        http.get("/api/v1/webhook-deliveries/" + dead.get("id")).json().get("status")));
    assertThat(receiver.requestsTo("/hooks/gone")).hasSize(2);
  }

  @Test
  void the_list_filters_by_state_and_chat_and_pages_like_the_chats_list() {
    String agent = agentWithWebhook("/hooks/paged", "paged-secret-1");
    receiver.answerWith(() -> 410);
    String dead = chatOn(agent);
    http.post("/api/v1/chats/" + dead + "/end", Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> asList(http.get("/api/v1/webhook-deliveries?status=dead&chat_id=" + dead)
        .json().get("items")).size() == 1);
    receiver.answerWith(() -> 200);
    List<String> delivered = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String chat = chatOn(agent);
      http.post("/api/v1/chats/" + chat + "/end", Map.of());
      delivered.add(chat);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> delivered.stream().allMatch(chat -> asList(
        http.get("/api/v1/webhook-deliveries?status=delivered&chat_id=" + chat).json().get("items")).size() == 1));

    Map<String, Object> page = http.get("/api/v1/webhook-deliveries?status=dead&take=200").json();
    assertThat(asList(page.get("items"))).allSatisfy(d -> assertThat(asMap(d)).containsEntry("status", "dead"))
        .anySatisfy(d -> assertThat(asMap(d)).containsEntry("chat_id", dead));
    assertThat(asList(http.get("/api/v1/webhook-deliveries?status=delivered&chat_id=" + dead).json().get("items"))).isEmpty();
    // pages: newest first, total_count of all that match, skip and take answered back
    Map<String, Object> first = http.get("/api/v1/webhook-deliveries?status=delivered&take=2").json();
    Map<String, Object> second = http.get("/api/v1/webhook-deliveries?status=delivered&take=2&skip=2").json();
    assertThat(first).containsEntry("skip", 0).containsEntry("take", 2);
    assertThat(((Number) first.get("total_count")).intValue()).isGreaterThanOrEqualTo(3).isEqualTo(((Number) second.get("total_count")).intValue());
    assertThat(asList(first.get("items"))).extracting(d -> asMap(d).get("chat_id")).containsExactly(delivered.get(2), delivered.get(1));
    assertThat(asList(second.get("items"))).extracting(d -> asMap(d).get("chat_id")).first().isEqualTo(delivered.get(0));

    HttpJson.Response badStatus = http.get("/api/v1/webhook-deliveries?status=lost");
    assertThat(badStatus.status()).isEqualTo(400);
    assertThat(badStatus.json()).containsEntry("field", "/status");
    assertThat(http.get("/api/v1/webhook-deliveries?take=201").json()).containsEntry("field", "/take");
    assertThat(http.get("/api/v1/webhook-deliveries?skip=-1").json()).containsEntry("field", "/skip");
  }

  @Test
  void a_test_event_goes_out_signed_now_and_answers_the_receivers_outcome() {
    String agent = agentWithWebhook("/hooks/test", "test-secret-1");
    HttpJson.Response sent = http.post("/api/v1/webhook-deliveries/test", Map.of("agent_id", agent));
    assertThat(sent.status()).isEqualTo(200);
    assertThat(sent.json()).containsEntry("delivered", true).containsEntry("status_code", 200)
        .containsEntry("event_type", "webhook.test");
    assertThat(sent.json().get("error")).isNull();
    WebhookReceiver.Received hook = receiver.requestsTo("/hooks/test").get(0);
    assertThat(WebhookSignature.verify(hook.header("Parley-Signature"), "test-secret-1", hook.body(),
        System.currentTimeMillis() / 1000, 300)).isTrue();
    assertThat(hook.header("Parley-Event-Id")).isEqualTo(sent.json().get("event_id"));
    assertThat(hook.text()).contains("\"type\":\"webhook.test\"").contains(agent);

    receiver.answerWith(() -> 500);
    try {
      Map<String, Object> failed = http.post("/api/v1/webhook-deliveries/test", Map.of("agent_id", agent)).json();
      assertThat(failed).containsEntry("delivered", false).containsEntry("status_code", 500).containsEntry("error", "HTTP 500");
    } finally {
      receiver.answerWith(() -> 200);
    }
    // nothing is queued or stored for a test event
    assertThat(asList(http.get("/api/v1/webhook-deliveries?take=200").json().get("items")))
        .noneSatisfy(d -> assertThat(asMap(d).get("event_type")).isEqualTo("webhook.test"));

    String bare = (String) http.post("/api/v1/agents", Map.of("name", "No hook", "greeting", "Hi")).json().get("id");
    HttpJson.Response none = http.post("/api/v1/webhook-deliveries/test", Map.of("agent_id", bare));
    assertThat(none.status()).isEqualTo(409);
    assertThat(none.json()).containsEntry("code", "no_webhook");
    assertThat(http.post("/api/v1/webhook-deliveries/test", Map.of("agent_id", java.util.UUID.randomUUID().toString())).status())
        .isEqualTo(404);
    HttpJson.Response missing = http.post("/api/v1/webhook-deliveries/test", Map.of());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json()).containsEntry("field", "/agent_id");
  }

  @Test
  void the_attempt_log_keeps_the_most_recent_fifty_attempts() {
    WebhookOutbox outbox = context.getBean(WebhookOutbox.class);
    java.util.UUID tenant = java.util.UUID.randomUUID();
    java.util.UUID id = java.util.UUID.randomUUID();
    java.time.Instant later = java.time.Instant.now().plus(Duration.ofDays(1)); // never due: the worker leaves it alone
    outbox.enqueue(new WebhookOutbox.Delivery(id, tenant, java.util.UUID.randomUUID(), "chat.completed", "https://receiver.example/h",
        "s", WebhookOutbox.Status.PENDING, 0, later, null, java.time.Instant.now(), null));
    java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
    for (int n = 1; n <= WebhookOutbox.ATTEMPT_LOG_MAX + 5; n++)
      outbox.scheduleRetry(tenant, id, n, later, "HTTP 503", new WebhookOutbox.Attempt(t0.plusSeconds(n), 503, n, "HTTP 503"));
    outbox.markDead(tenant, id, 56, "HTTP 410", new WebhookOutbox.Attempt(t0.plusSeconds(56), 410, 56, "HTTP 410"));

    List<WebhookOutbox.Attempt> log = outbox.attemptLog(tenant, id);
    assertThat(log).hasSize(WebhookOutbox.ATTEMPT_LOG_MAX);
    assertThat(log.get(0).durationMs()).as("the oldest kept is attempt 7").isEqualTo(7);
    assertThat(log.get(log.size() - 1)).isEqualTo(new WebhookOutbox.Attempt(t0.plusSeconds(56), 410, 56, "HTTP 410"));
    assertThat(outbox.find(tenant, id).orElseThrow().attempts()).isEqualTo(56);
    // finishing without an attempt (no URL, or the chat gone) leaves the log as it was
    outbox.markDelivered(tenant, id, 56, java.time.Instant.now(), null);
    assertThat(outbox.attemptLog(tenant, id)).hasSize(WebhookOutbox.ATTEMPT_LOG_MAX);
  }

  @Test
  void a_rotated_secret_signs_with_both_values() {
    String agent = agentWithWebhook("/hooks/rotated", "new-secret,old-secret");
    String chat = chatOn(agent);
    http.post("/api/v1/chats/" + chat + "/end", Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.requestsTo("/hooks/rotated").isEmpty());
    WebhookReceiver.Received hook = receiver.requestsTo("/hooks/rotated").get(0);
    long now = System.currentTimeMillis() / 1000;
    assertThat(hook.header("Parley-Signature").split(",")).hasSize(3);
    assertThat(WebhookSignature.verify(hook.header("Parley-Signature"), "old-secret", hook.body(), now, 300)).isTrue();
    assertThat(WebhookSignature.verify(hook.header("Parley-Signature"), "new-secret", hook.body(), now, 300)).isTrue();
  }
}
