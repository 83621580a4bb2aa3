package dev.parley.application.usecase.webhook;

import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.ManageWebhookDeliveriesUseCase;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.application.port.out.WebhookOutbox.Delivery;
import java.util.List;
import java.util.UUID;

/** Use case: list a tenant's completion-webhook deliveries and replay one (a dead letter, or a delivered event). */
public final class ManageWebhookDeliveries implements ManageWebhookDeliveriesUseCase {
  private final WebhookOutbox outbox;
  private final Clock clock;

  public ManageWebhookDeliveries(WebhookOutbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public List<Delivery> list(UUID tenantId, UUID chatId, int limit) {
    return outbox.list(tenantId, chatId, limit);
  }

  @Override
  public Delivery get(UUID tenantId, UUID deliveryId) {
    return outbox.find(tenantId, deliveryId).orElseThrow(() -> new NotFoundException("webhook delivery", deliveryId));
  }

  /** Puts the delivery back in the queue, due now, with a fresh retry horizon. */
  @Override
  public Delivery replay(UUID tenantId, UUID deliveryId) {
    Delivery delivery = get(tenantId, deliveryId);
    if (delivery.url() == null)
      throw new ConflictException("no_webhook", "the agent had no completion webhook when this conversation ended");
    outbox.replay(tenantId, deliveryId, clock.now());
    return get(tenantId, deliveryId);
  }
}
