package dev.parley.application.port.in;

import dev.parley.application.port.out.WebhookOutbox.Attempt;
import java.util.UUID;

/**
 * Inbound port: send a signed {@code webhook.test} event to an agent's completion webhook now and tell how it went.
 * Implemented by {@code usecase.webhook.SendTestWebhook}.
 */
public interface SendTestWebhookUseCase {
  String TEST_EVENT = "webhook.test";

  /** The event sent, whether the receiver took it (2xx), and the attempt (time, status, duration, error). */
  record TestOutcome(UUID eventId, String url, boolean delivered, Attempt attempt) {}

  TestOutcome send(UUID tenantId, UUID agentId);
}
