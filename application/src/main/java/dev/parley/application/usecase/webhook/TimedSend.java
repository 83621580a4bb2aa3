package dev.parley.application.usecase.webhook;

import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.WebhookOutbox.Attempt;
import dev.parley.application.port.out.WebhookSender;
import java.time.Instant;
import java.util.Map;

/** One webhook request, timed: what came back and the attempt as a delivery's log records it. */
final class TimedSend {
  private TimedSend() {}

  record Outcome(WebhookSender.Result result, Attempt attempt) {}

  static Outcome send(WebhookSender sender, Clock clock, String url, String secret, String eventId, Map<String, Object> payload) {
    Instant at = clock.now();
    long started = System.nanoTime(); // a monotonic clock for the duration: the wall clock may step meanwhile
    WebhookSender.Result result = sender.send(url, secret, eventId, payload);
    long durationMs = (System.nanoTime() - started) / 1_000_000;
    String error = result.delivered() ? null : result.error() != null ? result.error() : "HTTP " + result.status();
    // a result with an error got no answer: its status, if any, is the sender's verdict (a refused address is "400",
    // so that it is not retried), not the receiver's, and the log must not show it as one
    Integer received = result.error() == null ? result.status() : null;
    return new Outcome(result, new Attempt(at, received, durationMs, error));
  }
}
