package dev.parley.application.usecase.webhook;

import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.ManageWebhookDeliveriesUseCase;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.application.port.out.WebhookOutbox.Delivery;
import dev.parley.application.port.out.WebhookOutbox.DeliveryPage;
import dev.parley.application.port.out.WebhookOutbox.DeliveryQuery;
import dev.parley.domain.common.InvalidValueException;
import java.util.UUID;

/** Use case: list a tenant's completion-webhook deliveries, show one with its attempts, and replay one (a dead letter, or a delivered event). */
public final class ManageWebhookDeliveries implements ManageWebhookDeliveriesUseCase {
  private final WebhookOutbox outbox;
  private final Clock clock;

  public ManageWebhookDeliveries(WebhookOutbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public DeliveryPage list(DeliveryQuery query) {
    if (query.skip() < 0) throw new InvalidValueException("skip", "skip must not be negative");
    if (query.take() < 1 || query.take() > MAX_TAKE)
      throw new InvalidValueException("take", "take must be between 1 and " + MAX_TAKE);
    return outbox.list(query);
  }

  @Override
  public DeliveryDetail get(UUID tenantId, UUID deliveryId) {
    Delivery delivery = outbox.find(tenantId, deliveryId).orElseThrow(() -> new NotFoundException("webhook delivery", deliveryId));
    return new DeliveryDetail(delivery, outbox.attemptLog(tenantId, deliveryId));
  }

  /** Puts the delivery back in the queue, due now, with a fresh retry horizon. */
  @Override
  public DeliveryDetail replay(UUID tenantId, UUID deliveryId) {
    Delivery delivery = get(tenantId, deliveryId).delivery();
    if (delivery.url() == null)
      throw new ConflictException("no_webhook", "the agent had no completion webhook when this conversation ended");
    outbox.replay(tenantId, deliveryId, clock.now());
    return get(tenantId, deliveryId);
  }
}
