package dev.parley.bootstrap.observability;

import dev.parley.application.port.out.WebhookSender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decorates the {@link WebhookSender} port: times every completion-webhook attempt ({@code parley.webhook.sends},
 * outcome {@code delivered}, {@code retry} — network error, 408, 429, 5xx — or {@code rejected} — other 4xx, a
 * refused address) and puts chat_id and call_id (from the event's data) in the logging context while it runs.
 */
public final class ObservedWebhookSender implements WebhookSender {
  static final String SENDS = "parley.webhook.sends";

  private final WebhookSender delegate;
  private final Timer delivered;
  private final Timer retry;
  private final Timer rejected;

  public ObservedWebhookSender(WebhookSender delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.delivered = timer(registry, "delivered");
    this.retry = timer(registry, "retry");
    this.rejected = timer(registry, "rejected");
  }

  @Override
  public Result send(String url, String secret, String eventId, Map<String, Object> payload) {
    long start = System.nanoTime();
    Result result = null;
    Object data = payload == null ? null : payload.get("data");
    Map<?, ?> fields = data instanceof Map<?, ?> m ? m : Map.of();
    try (LogContext ignored = LogContext.of(null, fields.get("id"), fields.get("call_id"))) {
      result = delegate.send(url, secret, eventId, payload);
      return result;
    } finally {
      Timer timer = result == null || !result.delivered() && result.retryable() ? retry
          : result.delivered() ? delivered : rejected;
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private static Timer timer(MeterRegistry registry, String outcome) {
    return Timer.builder(SENDS).description("Completion webhook delivery attempts")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
        .register(registry);
  }
}
