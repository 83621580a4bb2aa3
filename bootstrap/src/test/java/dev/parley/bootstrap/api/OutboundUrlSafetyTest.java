package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.out.webhooks.WebhookSignature;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.WebhookReceiver;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Webhook secrets and outbound URLs (#16.6): no blank secret that would send requests unsigned, retries and replays
 * signed with the agent's secret of now, and internal addresses refused when the agent is defined, not only at
 * delivery. Every URL here is a loopback receiver or an IP literal / {@code localhost}: nothing leaves the machine.
 */
class OutboundUrlSafetyTest extends ApiTestBase {
  private final WebhookReceiver receiver = new WebhookReceiver();

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.outbox.interval", "100ms", "parley.webhooks.first-retry", "200ms");
  }

  @AfterAll
  void stopReceiver() {
    receiver.close();
  }

  private static Map<String, Object> agent(String hookUrl, String hookSecret, String toolUrl, String toolSecret) {
    Map<String, Object> agent = new HashMap<>(Map.of("name", "Outbound", "greeting", "Hi",
        "script", Map.of("rules", List.of(), "fallback", "ok")));
    if (hookUrl != null) {
      Map<String, Object> hook = new HashMap<>(Map.of("url", hookUrl));
      if (hookSecret != null) hook.put("secret", hookSecret);
      agent.put("completion_webhook", hook);
    }
    if (toolUrl != null) {
      Map<String, Object> webhook = new HashMap<>(Map.of("url", toolUrl, "timeout_ms", 2000));
      if (toolSecret != null) webhook.put("secret", toolSecret);
      agent.put("tools", List.of(Map.of("name", "lookup", "parameters", Map.of("type", "object"), "webhook", webhook)));
    }
    return agent;
  }

  @Test
  void a_blank_secret_or_a_blank_part_of_a_rotation_is_refused_naming_the_field() {
    for (String secret : List.of("", ",", " , ", "   ", "new-secret,", ",old-secret", "new-secret, ,old-secret")) {
      HttpJson.Response hook = http.post("/api/v1/agents", agent(receiver.url("/hooks/x"), secret, null, null));
      assertThat(hook.status()).as("completion secret '%s'", secret).isEqualTo(400);
      assertThat(hook.json()).containsEntry("field", "/completion_webhook/secret");
      HttpJson.Response tool = http.post("/api/v1/agents", agent(null, null, receiver.url("/tools/x"), secret));
      assertThat(tool.status()).as("tool secret '%s'", secret).isEqualTo(400);
      assertThat(tool.json()).containsEntry("field", "/tools/webhook/secret");
      Misuse.record("webhook-blank-secret", "POST /api/v1/agents with completion_webhook.secret \"" + secret + "\"",
          hook.status() + " field " + hook.json().get("field") + "; tool secret: " + tool.status() + " field " + tool.json().get("field"));
    }
    String agentId = (String) http.post("/api/v1/agents", agent(receiver.url("/hooks/x"), "good-secret", null, null)).json().get("id");
    HttpJson.Response update = http.put("/api/v1/agents/" + agentId, agent(receiver.url("/hooks/x"), " ", null, null));
    assertThat(update.status()).isEqualTo(400);
    assertThat(update.json()).containsEntry("field", "/completion_webhook/secret");
    // a rotation with two real secrets, and no secret at all, stay accepted
    assertThat(http.post("/api/v1/agents", agent(receiver.url("/hooks/x"), "new-secret, old-secret", null, null)).status()).isEqualTo(201);
    assertThat(http.post("/api/v1/agents", agent(receiver.url("/hooks/x"), null, null, null)).status()).isEqualTo(201);
  }

  @Test
  void a_replay_is_signed_with_the_agents_current_secret_not_the_one_queued_with_the_event() {
    String path = "/hooks/rotated-later";
    receiver.answerWith(() -> 410);
    try {
      String agentId = (String) http.post("/api/v1/agents", agent(receiver.url(path), "leaked-secret", null, null)).json().get("id");
      String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");
      http.post("/api/v1/chats/" + chat + "/end", Map.of());
      await().atMost(Duration.ofSeconds(10)).until(() -> asList(http.get("/api/v1/webhook-deliveries?chat_id=" + chat).json()
          .get("items")).stream().anyMatch(d -> "dead".equals(asMap(d).get("status"))));
      String delivery = (String) asMap(asList(http.get("/api/v1/webhook-deliveries?chat_id=" + chat).json().get("items")).get(0)).get("id");

      // the tenant rotates the leaked secret away, then replays the dead event
      assertThat(http.put("/api/v1/agents/" + agentId, agent(receiver.url(path), "fresh-secret", null, null)).status()).isEqualTo(200);
      receiver.answerWith(() -> 200);
      assertThat(http.post("/api/v1/webhook-deliveries/" + delivery + "/replay", Map.of()).status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requestsTo(path).size() == 2);

      WebhookReceiver.Received replayed = receiver.requestsTo(path).get(1);
      long now = System.currentTimeMillis() / 1000;
      boolean fresh = WebhookSignature.verify(replayed.header("Parley-Signature"), "fresh-secret", replayed.body(), now, 300);
      boolean leaked = WebhookSignature.verify(replayed.header("Parley-Signature"), "leaked-secret", replayed.body(), now, 300);
      Misuse.record("webhook-replay-secret", "replay of an event queued under secret A after rotating the agent to secret B",
          "replay verifies with B: " + fresh + ", with A: " + leaked);
      assertThat(fresh).isTrue();
      assertThat(leaked).isFalse();
    } finally {
      receiver.answerWith(() -> 200);
    }
  }

  @Test
  void in_production_mode_internal_addresses_are_refused_when_the_agent_is_defined() {
    // the same database and tenant, on a server with the loopback allowance off (as in production); its jobs stay
    // off so that it never takes the other tests' loopback deliveries
    HttpJson production = new HttpJson(startAnotherServer(Map.of("parley.outbound.allow-loopback", false,
        "parley.outbox.enabled", false, "parley.sweeper.enabled", false)).getURI(), apiKey);
    for (String url : List.of("http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/hook",
        "http://localhost:8080/hook", "http://127.0.0.1:9/hook", "http://[::ffff:0:7f00:1]/hook", "http://198.18.0.1/hook")) {
      long start = System.nanoTime();
      HttpJson.Response hook = production.post("/api/v1/agents", agent(url, "s", null, null));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(hook.status()).as(url).isEqualTo(400);
      assertThat(hook.json()).containsEntry("field", "/completion_webhook/url");
      assertThat(hook.body()).contains("not allowed").doesNotContain("127.0.0.1").doesNotContain("loopback")
          .doesNotContain("private").doesNotContain("link-local");
      HttpJson.Response tool = production.post("/api/v1/agents", agent(null, null, url, null));
      assertThat(tool.status()).as(url).isEqualTo(400);
      assertThat(tool.json()).containsEntry("field", "/tools/webhook/url");
      Misuse.record("outbound-url-at-definition", "POST /api/v1/agents with completion_webhook.url " + url + " (loopback allowance off)",
          hook.status() + " field " + hook.json().get("field") + " \"" + hook.json().get("detail") + "\" in " + millis + " ms; as a tool URL: "
              + tool.status() + " field " + tool.json().get("field"));
    }
    String agentId = (String) production.post("/api/v1/agents", agent("https://93.184.216.34/hook", "s", null, null)).json().get("id");
    assertThat(agentId).isNotNull(); // a public address is accepted (nothing is sent at definition)
    HttpJson.Response update = production.put("/api/v1/agents/" + agentId, agent("http://10.0.0.1/hook", "s", null, null));
    assertThat(update.status()).isEqualTo(400);
    assertThat(update.json()).containsEntry("field", "/completion_webhook/url");
    // the test server, with loopback allowed, still takes its loopback receiver
    assertThat(http.post("/api/v1/agents", agent(receiver.url("/hooks/x"), "s", receiver.url("/tools/x"), null)).status()).isEqualTo(201);
  }

  @Test
  void a_test_event_is_held_to_the_outbound_policy_of_the_server_that_sends_it() {
    HttpJson production = new HttpJson(startAnotherServer(Map.of("parley.outbound.allow-loopback", false,
        "parley.outbox.enabled", false, "parley.sweeper.enabled", false)).getURI(), apiKey);
    // defined where loopback is allowed, tested where it is not
    String agentId = (String) http.post("/api/v1/agents", agent(receiver.url("/hooks/policy-test"), "s", null, null)).json().get("id");
    HttpJson.Response refused = production.post("/api/v1/webhook-deliveries/test", Map.of("agent_id", agentId));
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.json()).containsEntry("delivered", false).containsEntry("status_code", null);
    assertThat((String) refused.json().get("error")).contains("refused by outbound policy");
    assertThat(receiver.requestsTo("/hooks/policy-test")).isEmpty();
    HttpJson.Response allowed = http.post("/api/v1/webhook-deliveries/test", Map.of("agent_id", agentId));
    assertThat(allowed.json()).containsEntry("delivered", true).containsEntry("status_code", 200);
    assertThat(receiver.requestsTo("/hooks/policy-test")).hasSize(1);
  }
}
