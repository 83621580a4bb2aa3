package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.out.webhooks.WebhookSignature;
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
