package dev.parley.bootstrap.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.port.out.WebhookSender;
import dev.parley.application.usecase.tenant.DefaultAgent;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.Message;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The metering decorators on their own: what they count, how they tag it, and the logging context they set. */
class PortDecoratorsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AgentDefinition agent = DefaultAgent.definition();

  /** A model that answers, or fails with the given exception. */
  private static LanguageModel model(RuntimeException failure) {
    return new LanguageModel() {
      @Override
      public ModelReply complete(ModelRequest request) {
        if (failure != null) throw failure;
        return new TextReply("hi", false);
      }

      @Override
      public Analysis analyze(AgentDefinition agent, dev.parley.application.port.out.ModelRoute route,
                              List<Message> transcript, String finalReason) {
        if (failure != null) throw failure;
        return Analysis.of(Map.of("summary", ""));
      }

      @Override
      public List<String> validate(AgentDefinition agent) {
        return List.of();
      }
    };
  }

  @Test
  void model_calls_are_timed_by_provider_operation_and_outcome_and_failures_counted() {
    LanguageModel ok = new MeteredLanguageModel(model(null), registry);
    ok.complete(new LanguageModel.ModelRequest(agent, "", List.of(), Map.of()));
    ok.stream(new LanguageModel.ModelRequest(agent, "", List.of(), Map.of()), piece -> {});
    ok.analyze(agent, dev.parley.application.port.out.ModelRoute.NONE, List.of(), "user_end");
    LanguageModel failing = new MeteredLanguageModel(model(new LanguageModel.ModelUnavailableException("down", null)), registry);
    assertThatThrownBy(() -> failing.complete(new LanguageModel.ModelRequest(agent, "", List.of(), Map.of())))
        .isInstanceOf(LanguageModel.ModelUnavailableException.class);

    assertThat(registry.get("parley.model.calls").tags("provider", "scripted", "operation", "complete", "outcome", "ok").timer().count()).isEqualTo(1);
    assertThat(registry.get("parley.model.calls").tags("operation", "stream", "outcome", "ok").timer().count()).isEqualTo(1);
    assertThat(registry.get("parley.model.calls").tags("operation", "analyze", "outcome", "ok").timer().count()).isEqualTo(1);
    assertThat(registry.get("parley.model.calls").tags("operation", "complete", "outcome", "error").timer().count()).isEqualTo(1);
    assertThat(registry.get("parley.model.errors").tags("provider", "scripted", "error", "ModelUnavailableException").counter().count()).isEqualTo(1);
  }

  @Test
  void tool_calls_are_timed_with_their_outcome_and_run_with_the_ids_in_the_logging_context() {
    AtomicReference<Map<String, String>> seen = new AtomicReference<>();
    ToolExecutor tools = new ObservedToolExecutor((tool, arguments, context) -> {
      seen.set(MDC.getCopyOfContextMap());
      return "boom".equals(tool.name()) ? ToolExecutor.errorResult("failed") : Map.of("status", "shipped");
    }, registry);
    UUID tenant = UUID.randomUUID(), chat = UUID.randomUUID(), call = UUID.randomUUID();
    ToolExecutor.ToolContext context = new ToolExecutor.ToolContext(tenant, chat, call, UUID.randomUUID());
    ToolDefinition.ToolWebhook hook = new ToolDefinition.ToolWebhook("http://127.0.0.1/t", 1000);
    MDC.put("request", "outer");
    try {
      tools.execute(new ToolDefinition("lookup", "", Map.of(), hook), Map.of(), context);
      assertThat(seen.get()).containsEntry("tenant_id", tenant.toString()).containsEntry("chat_id", chat.toString())
          .containsEntry("call_id", call.toString()).containsEntry("request", "outer");
      assertThat(MDC.getCopyOfContextMap()).containsOnlyKeys("request"); // restored afterwards
      tools.execute(new ToolDefinition("boom", "", Map.of(), hook), Map.of(), context);
    } finally {
      MDC.clear();
    }
    assertThat(registry.get("parley.tool.calls").tag("outcome", "ok").timer().count()).isEqualTo(1);
    assertThat(registry.get("parley.tool.calls").tag("outcome", "error").timer().count()).isEqualTo(1);
  }

  @Test
  void webhook_attempts_are_timed_as_delivered_retry_or_rejected() {
    List<WebhookSender.Result> answers = new ArrayList<>(List.of(new WebhookSender.Result(204, null),
        new WebhookSender.Result(503, null), new WebhookSender.Result(null, "timed out"), new WebhookSender.Result(410, null)));
    WebhookSender sender = new ObservedWebhookSender((url, secret, eventId, payload) -> answers.remove(0), registry);
    Map<String, Object> payload = Map.of("data", Map.of("id", "c", "call_id", "k"));
    for (int i = 0; i < 4; i++) sender.send("http://127.0.0.1/h", "s", "e", payload);
    assertThat(registry.get("parley.webhook.sends").tag("outcome", "delivered").timer().count()).isEqualTo(1);
    assertThat(registry.get("parley.webhook.sends").tag("outcome", "retry").timer().count()).isEqualTo(2);
    assertThat(registry.get("parley.webhook.sends").tag("outcome", "rejected").timer().count()).isEqualTo(1);
  }

  @Test
  void the_activity_log_counts_turns_openings_and_endings_by_reason() {
    List<String> written = new ArrayList<>();
    ActivityLog log = new CountingActivityLog(new ActivityLog() {
      @Override
      public void record(UUID tenantId, UUID chatId, String kind, Map<String, Object> detail, Instant at) {
        written.add(kind);
      }

      @Override
      public List<Entry> list(UUID tenantId, UUID chatId) {
        return List.of();
      }
    }, registry);
    UUID t = UUID.randomUUID(), c = UUID.randomUUID();
    Instant now = Instant.now();
    log.record(t, c, "opened", Map.of("channel", "web"), now);
    log.record(t, c, "turn", Map.of("messages", 1), now);
    log.record(t, c, "turn", Map.of("messages", 1, "error", "model down"), now);
    log.record(t, c, "ended", Map.of("reason", "ttl"), now);
    log.record(t, c, "ended", Map.of("reason", "<script>"), now);

    assertThat(written).containsExactly("opened", "turn", "turn", "ended", "ended");
    assertThat(registry.get("parley.sessions.opened").counter().count()).isEqualTo(1);
    assertThat(registry.get("parley.turns").tag("outcome", "ok").counter().count()).isEqualTo(1);
    assertThat(registry.get("parley.turns").tag("outcome", "error").counter().count()).isEqualTo(1);
    assertThat(registry.get("parley.sessions.ended").tag("reason", "ttl").counter().count()).isEqualTo(1);
    assertThat(registry.get("parley.sessions.ended").tag("reason", "unknown").counter().count()).isEqualTo(1);
  }
}
