package dev.parley.application.port.out;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Outbound port: which transcript messages a turn produced, by its idempotency key, so a retry replays them.
 * {@code requestHash} is what the turn was sent with (see {@code SubmitUserTurn}); null for turns recorded before
 * it was kept.
 */
public interface TurnRecords {
  record TurnRecord(UUID chatId, String idempotencyKey, int firstSeq, int lastSeq, boolean endedSession, byte[] requestHash) {}

  Optional<TurnRecord> find(UUID tenantId, UUID chatId, String idempotencyKey);

  void insert(UUID tenantId, TurnRecord record, Instant at);
}
