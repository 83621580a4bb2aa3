package dev.parley.adapter.out.tracing;

import dev.parley.application.port.out.WebhookSender;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.util.Map;

/**
 * Decorates the {@link WebhookSender} port: each delivery attempt of a completion webhook is a client span, current
 * while it runs so the receiver gets its {@code traceparent}. Deliveries run from the outbox job, after the chat, so
 * each is a trace of its own.
 */
public final class TracingWebhookSender implements WebhookSender {
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  private final WebhookSender delegate;
  private final OtelTracing tracing;

  public TracingWebhookSender(WebhookSender delegate, OtelTracing tracing) {
    this.delegate = delegate;
    this.tracing = tracing;
  }

  @Override
  public Result send(String url, String secret, String eventId, Map<String, Object> payload) {
    Span span = tracing.tracer().spanBuilder("POST webhook").setSpanKind(SpanKind.CLIENT)
        .setAttribute("http.request.method", "POST").startSpan();
    if (eventId != null) span.setAttribute("parley.webhook.event_id", eventId);
    return GenAi.within(span, () -> {
      Result result = delegate.send(url, secret, eventId, payload);
      if (result.status() != null) span.setAttribute(STATUS, result.status().longValue());
      if (!result.delivered()) GenAi.fail(span, result.status() == null ? "network" : Integer.toString(result.status()));
      return result;
    });
  }
}
