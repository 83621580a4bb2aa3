package dev.parley.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outbound port: the transactional outbox of completion webhooks and their delivery state. */
public interface WebhookOutbox {
  enum Status { PENDING, DELIVERED, DEAD }

  /** {@code reason}: chat.handoff_requested's reason (sent in its data); else null. */
  record Delivery(UUID id, UUID tenantId, UUID chatId, String eventType, String url, String secret,
                  Status status, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt,
                  Instant deliveredAt, String reason) {
    public Delivery(UUID id, UUID tenantId, UUID chatId, String eventType, String url, String secret, Status status,
                    int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant deliveredAt) {
      this(id, tenantId, chatId, eventType, url, secret, status, attempts, nextAttemptAt, lastError, createdAt, deliveredAt, null);
    }
  }

  /**
   * One try at sending a delivery: when it started, the receiver's status (null: none came back), how long it took and
   * what went wrong (null: nothing). An outbox keeps the most recent {@link #ATTEMPT_LOG_MAX} of a delivery's attempts.
   */
  record Attempt(Instant at, Integer statusCode, long durationMs, String error) {}

  int ATTEMPT_LOG_MAX = 50;

  /** Which deliveries to list: a tenant's, optionally of one chat and/or in one state; newest first. */
  record DeliveryQuery(UUID tenantId, UUID chatId, Status status, int skip, int take) {}

  /** A page of deliveries and how many match in all. */
  record DeliveryPage(List<Delivery> items, long totalCount) {}

  /** Enqueues inside the caller's transaction. */
  void enqueue(Delivery delivery);

  /** Enqueues several deliveries inside the caller's transaction (one round trip where the store can batch). */
  default void enqueueAll(List<Delivery> deliveries) {
    for (Delivery d : deliveries) enqueue(d);
  }

  /** Claims due deliveries (SKIP LOCKED) and pushes their next attempt to {@code leaseUntil} so no one else takes them. */
  List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit);

  /**
   * Gives back a claim that was not finished: due at {@code now} again, for any worker. Only while the claim made
   * until {@code claimedUntil} still holds (not finished, not lapsed and claimed by someone else); false otherwise.
   */
  boolean release(UUID tenantId, UUID id, Instant claimedUntil, Instant now);

  /** The outcome of a delivery; {@code attempt}, the try that ended it, joins its attempt log (null: none was made). */
  void markDelivered(UUID tenantId, UUID id, int attempts, Instant at, Attempt attempt);

  void scheduleRetry(UUID tenantId, UUID id, int attempts, Instant nextAttemptAt, String error, Attempt attempt);

  void markDead(UUID tenantId, UUID id, int attempts, String error, Attempt attempt);

  DeliveryPage list(DeliveryQuery query);

  Optional<Delivery> find(UUID tenantId, UUID id);

  /** A delivery's attempts, oldest first (at most {@link #ATTEMPT_LOG_MAX}: the most recent). */
  List<Attempt> attemptLog(UUID tenantId, UUID id);

  /** Puts a delivery back in the queue, due now. */
  boolean replay(UUID tenantId, UUID id, Instant now);
}
