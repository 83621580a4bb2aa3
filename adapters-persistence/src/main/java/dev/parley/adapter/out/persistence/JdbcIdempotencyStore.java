package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.IdempotencyStore;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;

/**
 * Idempotency records in PostgreSQL. A claim is one statement: insert, or take over a record whose in-flight
 * lease has lapsed; otherwise the existing record tells the caller what to answer.
 */
@Singleton
public class JdbcIdempotencyStore implements IdempotencyStore {
  private final Jdbc jdbc;

  public JdbcIdempotencyStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Claim claim(UUID tenantId, String scope, String key, byte[] requestHash, Instant now, Instant leaseUntil) {
    int claimed = jdbc.update("INSERT INTO idempotency_records (tenant_id, scope, idempotency_key, request_hash, state, "
            + "lease_until, created_at) VALUES (?, ?, ?, ?, 'in_flight', ?, ?) "
            + "ON CONFLICT (tenant_id, scope, idempotency_key) DO UPDATE SET lease_until = EXCLUDED.lease_until, "
            + "request_hash = EXCLUDED.request_hash "
            + "WHERE idempotency_records.state = 'in_flight' AND idempotency_records.lease_until < ? "
            + "AND idempotency_records.request_hash = EXCLUDED.request_hash",
        tenantId, scope, key, requestHash, leaseUntil, now, now);
    if (claimed == 1) return new Claimed();
    return jdbc.queryOne("SELECT request_hash, state, response_status, response_body, response_location FROM idempotency_records "
            + "WHERE tenant_id = ? AND scope = ? AND idempotency_key = ?", rs -> {
          if (!MessageDigest.isEqual(rs.getBytes("request_hash"), requestHash)) return (Claim) new Mismatch();
          if ("completed".equals(rs.getString("state")))
            return new Completed(rs.getInt("response_status"), rs.getString("response_body"), rs.getString("response_location"));
          return new InFlight();
        }, tenantId, scope, key).orElseGet(InFlight::new);
  }

  @Override
  public void complete(UUID tenantId, String scope, String key, int status, String body, String location, UUID chatId, Instant now) {
    if (chatId == null) {
      jdbc.update("UPDATE idempotency_records SET state = 'completed', lease_until = NULL, response_status = ?, response_body = ?, "
          + "response_location = ? WHERE tenant_id = ? AND scope = ? AND idempotency_key = ?", status, body, location, tenantId, scope, key);
      return;
    }
    // The chat's row is share-locked for the statement: an erasure either ran before (no row: nothing stored) or
    // waits for this and then deletes the record by chat_id with the rest of the chat.
    int stored = jdbc.update("WITH chat AS (SELECT 1 FROM chat_sessions WHERE tenant_id = ? AND id = ? FOR KEY SHARE) "
            + "UPDATE idempotency_records SET state = 'completed', lease_until = NULL, response_status = ?, response_body = ?, "
            + "response_location = ?, chat_id = ? WHERE tenant_id = ? AND scope = ? AND idempotency_key = ? AND EXISTS (SELECT 1 FROM chat)",
        tenantId, chatId, status, body, location, chatId, tenantId, scope, key);
    if (stored == 0) release(tenantId, scope, key);
  }

  @Override
  public void release(UUID tenantId, String scope, String key) {
    jdbc.update("DELETE FROM idempotency_records WHERE tenant_id = ? AND scope = ? AND idempotency_key = ? AND state = 'in_flight'",
        tenantId, scope, key);
  }

  @Override
  public int purgeOlderThan(Instant cutoff) {
    return jdbc.update("DELETE FROM idempotency_records WHERE created_at < ? AND state = 'completed'", cutoff);
  }
}
