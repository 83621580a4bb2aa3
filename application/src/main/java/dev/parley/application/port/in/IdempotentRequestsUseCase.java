package dev.parley.application.port.in;

import dev.parley.application.port.out.IdempotencyStore.Claim;
import java.util.UUID;

/**
 * Inbound port: the answers to creating requests kept under their {@code Idempotency-Key}, for a transport that
 * replays them. A key is first claimed (in flight, under a lease so a crash never blocks it), then completed with
 * the answer, or released when the request failed. Implemented by {@code usecase.idempotency.IdempotentRequests}.
 */
public interface IdempotentRequestsUseCase {
  /** Claims {@code key} for a request whose scope and body hash to {@code requestHash}; says what to do. */
  Claim claim(UUID tenantId, String scope, String key, byte[] requestHash);

  /** Keeps the answer; an answer about a chat ({@code chatId} not null) is erased with that chat. */
  void complete(UUID tenantId, String scope, String key, int status, String body, String location, UUID chatId);

  /** Gives the key back: a failed request may be retried with it. */
  void release(UUID tenantId, String scope, String key);
}
