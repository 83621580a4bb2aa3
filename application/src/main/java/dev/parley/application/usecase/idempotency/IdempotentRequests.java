package dev.parley.application.usecase.idempotency;

import dev.parley.application.port.in.IdempotentRequestsUseCase;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdempotencyStore;
import dev.parley.application.port.out.IdempotencyStore.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Use case: remember the answer to a creating request under its {@code Idempotency-Key}. An in-flight claim carries
 * a lease of {@code lease}, so a server that crashed mid-request never blocks the key for good.
 */
public final class IdempotentRequests implements IdempotentRequestsUseCase {
  private final IdempotencyStore store;
  private final Clock clock;
  private final Duration lease;

  public IdempotentRequests(IdempotencyStore store, Clock clock, Duration lease) {
    this.store = store;
    this.clock = clock;
    this.lease = lease;
  }

  @Override
  public Claim claim(UUID tenantId, String scope, String key, byte[] requestHash) {
    Instant now = clock.now();
    return store.claim(tenantId, scope, key, requestHash, now, now.plus(lease));
  }

  @Override
  public void complete(UUID tenantId, String scope, String key, int status, String body, String location, UUID chatId) {
    store.complete(tenantId, scope, key, status, body, location, chatId, clock.now());
  }

  @Override
  public void release(UUID tenantId, String scope, String key) {
    store.release(tenantId, scope, key);
  }
}
