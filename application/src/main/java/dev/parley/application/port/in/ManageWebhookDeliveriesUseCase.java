package dev.parley.application.port.in;

import dev.parley.application.port.out.WebhookOutbox.Delivery;
import java.util.List;
import java.util.UUID;

/**
 * Inbound port: list a tenant's completion-webhook deliveries and replay one (a dead letter, or a delivered event).
 * Implemented by {@code usecase.webhook.ManageWebhookDeliveries}.
 */
public interface ManageWebhookDeliveriesUseCase {
  List<Delivery> list(UUID tenantId, UUID chatId, int limit);

  Delivery get(UUID tenantId, UUID deliveryId);

  /** Puts the delivery back in the queue, due now, with a fresh retry horizon. */
  Delivery replay(UUID tenantId, UUID deliveryId);
}
