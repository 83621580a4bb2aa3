package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.OrderBot;
import dev.parley.bootstrap.support.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus endpoint after real traffic: a turn that calls a tool, an ending that sends a signed webhook. The
 * custom meters come from decorators of the outbound ports (bootstrap), the HTTP and pool meters from Micronaut.
 */
class MetricsTest extends ApiTestBase {
  private final WebhookReceiver receiver = new WebhookReceiver();
  private String chat;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.outbox.interval", "100ms", "parley.metrics.refresh-interval", "200ms");
  }

  @BeforeAll
  void oneConversation() {
    Map<String, Object> agent = Map.of("name", "Metered", "greeting", "Hi",
        "script", Map.of("rules", List.of(OrderBot.orderRule()), "fallback", OrderBot.FALLBACK),
        "tools", List.of(OrderBot.lookupOrderTool(receiver.url("/tools/lookupOrder"))),
        "completion_webhook", Map.of("url", receiver.url("/hooks/metrics"), "secret", "metrics-secret"));
    String agentId = (String) http.post("/api/v1/agents", agent).json().get("id");
    chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");
    HttpJson.Response turn = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "where is my order?"));
    assertThat(turn.status()).isEqualTo(200);
    assertThat(turn.body()).contains("shipped");
  }

  @AfterAll
  void stopReceiver() {
    receiver.close();
  }

  private String scrape() {
    HttpJson.Response metrics = http.get("/prometheus");
    assertThat(metrics.status()).isEqualTo(200);
    return metrics.body();
  }

  /** The value of the first sample whose name and labels contain every fragment, or NaN. */
  private static double sample(String body, String name, String... labels) {
    for (String line : body.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name + "{") && !line.startsWith(name + " ")) continue;
      boolean all = true;
      for (String label : labels) all &= line.contains(label);
      if (!all) continue;
      Matcher m = Pattern.compile(" ([-+0-9.eENa]+)$").matcher(line);
      if (m.find()) return Double.parseDouble(m.group(1));
    }
    return Double.NaN;
  }

  @Test
  void a_turn_shows_up_as_a_model_call_a_tool_call_and_a_counted_turn() {
    String body = scrape();
    assertThat(sample(body, "parley_model_calls_seconds_count", "operation=\"complete\"", "outcome=\"ok\"",
        "provider=\"scripted\"")).isGreaterThanOrEqualTo(2); // the tool round and the answer round
    assertThat(body).contains("parley_model_calls_seconds_bucket{");
    assertThat(sample(body, "parley_tool_calls_seconds_count", "outcome=\"ok\"")).isEqualTo(1);
    assertThat(sample(body, "parley_turns_total", "outcome=\"ok\"")).isGreaterThanOrEqualTo(1);
    assertThat(sample(body, "parley_sessions_opened_total")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void http_server_requests_are_timed_by_route_template() {
    String body = scrape();
    assertThat(sample(body, "http_server_requests_seconds_count", "method=\"POST\"", "status=\"200\"",
        "uri=\"/api/v1/chats/{id}/messages\"")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void the_database_pool_is_measured() {
    String body = scrape();
    assertThat(body).containsPattern("(?m)^hikaricp_connections_active\\{.*pool=\"");
    assertThat(body).containsPattern("(?m)^hikaricp_connections_max\\{");
  }

  @Test
  void ending_sends_a_webhook_and_the_database_gauges_follow() {
    await().atMost(Duration.ofSeconds(10))
        .until(() -> sample(scrape(), "parley_sessions_active") >= 1);
    String body = scrape();
    assertThat(sample(body, "parley_outbox_pending")).isZero();
    assertThat(sample(body, "parley_outbox_oldest_pending_age_seconds")).isZero();
    assertThat(sample(body, "parley_sweeper_lag_seconds")).isZero();
    assertThat(sample(body, "parley_websocket_open")).isZero();

    http.post("/api/v1/chats/" + chat + "/end", Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.requestsTo("/hooks/metrics").isEmpty());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      String after = scrape();
      assertThat(sample(after, "parley_sessions_ended_total", "reason=\"user_end\"")).isEqualTo(1);
      assertThat(sample(after, "parley_webhook_sends_seconds_count", "outcome=\"delivered\"")).isEqualTo(1);
      assertThat(sample(after, "parley_model_calls_seconds_count", "operation=\"analyze\"", "outcome=\"ok\"")).isEqualTo(1);
      assertThat(sample(after, "parley_sessions_active")).isZero();
    });
  }

  @Test
  void no_tenant_or_chat_identifiers_become_metric_labels() {
    String body = scrape();
    assertThat(body).doesNotContain(chat).doesNotContain("tenant_id=");
  }
}
