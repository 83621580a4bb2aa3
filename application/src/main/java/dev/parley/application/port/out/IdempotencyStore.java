package dev.parley.application.port.out;

import java.time.Instant;
import java.util.UUID;

/**
 * Outbound port: remembers the answer to a creating request under its {@code Idempotency-Key}. A record is
 * first claimed in flight (with a lease, so a crash does not block the key), then completed with the answer.
 */
public interface IdempotencyStore {
  sealed interface Claim {}

  /** The key is new (or its lease lapsed): the caller runs the request. */
  record Claimed() implements Claim {}

  /** The key was used with this request before: here is the answer. */
  record Completed(int status, String body, String location) implements Claim {}

  /** The key was used with another request body. */
  record Mismatch() implements Claim {}

  /** The first request with this key is still running. */
  record InFlight() implements Claim {}

  Claim claim(UUID tenantId, String scope, String key, byte[] requestHash, Instant now, Instant leaseUntil);

  /**
   * Stores the answer. An answer about a chat ({@code chatId} not null) is stored only while the chat exists, and is
   * erased with it; if the chat was erased meanwhile, the record goes instead (the caller still answers).
   */
  void complete(UUID tenantId, String scope, String key, int status, String body, String location, UUID chatId, Instant now);

  void release(UUID tenantId, String scope, String key);

  int purgeOlderThan(Instant cutoff);
}
