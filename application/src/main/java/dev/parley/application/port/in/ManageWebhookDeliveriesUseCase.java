package dev.parley.application.port.in;

import dev.parley.application.port.out.WebhookOutbox.Attempt;
import dev.parley.application.port.out.WebhookOutbox.Delivery;
import dev.parley.application.port.out.WebhookOutbox.DeliveryPage;
import dev.parley.application.port.out.WebhookOutbox.DeliveryQuery;
import java.util.List;
import java.util.UUID;

/**
 * Inbound port: list a tenant's completion-webhook deliveries, show one with its attempts and replay one (a dead
 * letter, or a delivered event). Implemented by {@code usecase.webhook.ManageWebhookDeliveries}.
 */
public interface ManageWebhookDeliveriesUseCase {
  int MAX_TAKE = 200;
  int DEFAULT_TAKE = 50;

  /** A delivery with its attempt log, oldest attempt first. */
  record DeliveryDetail(Delivery delivery, List<Attempt> attemptLog) {}

  DeliveryPage list(DeliveryQuery query);

  DeliveryDetail get(UUID tenantId, UUID deliveryId);

  /** Puts the delivery back in the queue, due now, with a fresh retry horizon. */
  DeliveryDetail replay(UUID tenantId, UUID deliveryId);
}
