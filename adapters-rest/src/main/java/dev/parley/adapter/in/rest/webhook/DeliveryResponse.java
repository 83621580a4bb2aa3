package dev.parley.adapter.in.rest.webhook;

import dev.parley.application.port.out.WebhookOutbox.Delivery;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.Locale;

/** One completion-webhook delivery as the API shows it (never its secret). */
@Serdeable(naming = SnakeCaseStrategy.class)
public record DeliveryResponse(String id, String chatId, String eventType, @Nullable String url, String status, int attempts,
                               @Nullable Instant nextAttemptAt, @Nullable String lastError, Instant createdAt,
                               @Nullable Instant deliveredAt) {
  public static DeliveryResponse from(Delivery d) {
    return new DeliveryResponse(d.id().toString(), d.chatId().toString(), d.eventType(), d.url(),
        d.status().name().toLowerCase(Locale.ROOT), d.attempts(),
        d.status() == dev.parley.application.port.out.WebhookOutbox.Status.PENDING ? d.nextAttemptAt() : null,
        d.lastError(), d.createdAt(), d.deliveredAt());
  }
}
