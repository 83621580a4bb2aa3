package dev.parley.adapter.in.rest.webhook;

import dev.parley.application.port.in.ManageWebhookDeliveriesUseCase.DeliveryDetail;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.application.port.out.WebhookOutbox.Delivery;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** One completion-webhook delivery as the API shows it (never its secret); the attempt log only when one is shown. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record DeliveryResponse(String id, String chatId, String eventType, @Nullable String url,
                               @Schema(allowableValues = {"pending", "delivered", "dead"}) String status,
                               @Schema(description = "How many times it was sent (the attempt log keeps the most recent 50)") int attempts,
                               @Nullable Instant nextAttemptAt, @Nullable String lastError, Instant createdAt,
                               @Nullable Instant deliveredAt,
                               @Schema(description = "Every attempt, oldest first (the most recent 50); only on GET "
                                   + "/api/v1/webhook-deliveries/{id} and replay; null in lists") @Nullable List<AttemptDto> attemptLog) {
  public static DeliveryResponse from(Delivery d) {
    return of(d, null);
  }

  public static DeliveryResponse from(DeliveryDetail detail) {
    return of(detail.delivery(), detail.attemptLog().stream().map(AttemptDto::from).toList());
  }

  private static DeliveryResponse of(Delivery d, List<AttemptDto> log) {
    return new DeliveryResponse(d.id().toString(), d.chatId().toString(), d.eventType(), d.url(),
        d.status().name().toLowerCase(Locale.ROOT), d.attempts(),
        d.status() == WebhookOutbox.Status.PENDING ? d.nextAttemptAt() : null,
        d.lastError(), d.createdAt(), d.deliveredAt(), log);
  }

  /** One attempt: when it started, the receiver's status (null: none came back), how long it took, what went wrong. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "WebhookAttempt")
  public record AttemptDto(Instant at, @Nullable Integer statusCode, long durationMs, @Nullable String error) {
    static AttemptDto from(WebhookOutbox.Attempt a) {
      return new AttemptDto(a.at(), a.statusCode(), a.durationMs(), a.error());
    }
  }
}
