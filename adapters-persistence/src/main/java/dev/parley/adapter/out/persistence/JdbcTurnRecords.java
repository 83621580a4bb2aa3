package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.TurnRecords;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Turn records by idempotency key, in PostgreSQL. */
@Singleton
public class JdbcTurnRecords implements TurnRecords {
  private final Jdbc jdbc;

  public JdbcTurnRecords(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<TurnRecord> find(UUID tenantId, UUID chatId, String idempotencyKey) {
    return jdbc.queryOne("SELECT * FROM chat_turns WHERE tenant_id = ? AND chat_id = ? AND idempotency_key = ?",
        rs -> new TurnRecord(Jdbc.uuid(rs, "chat_id"), rs.getString("idempotency_key"), rs.getInt("first_seq"),
            rs.getInt("last_seq"), rs.getBoolean("ended_session"), rs.getBytes("request_hash")), tenantId, chatId, idempotencyKey);
  }

  @Override
  public void insert(UUID tenantId, TurnRecord r, Instant at) {
    jdbc.update("INSERT INTO chat_turns (tenant_id, chat_id, idempotency_key, first_seq, last_seq, ended_session, request_hash, "
        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", tenantId, r.chatId(), r.idempotencyKey(), r.firstSeq(), r.lastSeq(),
        r.endedSession(), r.requestHash(), at);
  }
}
