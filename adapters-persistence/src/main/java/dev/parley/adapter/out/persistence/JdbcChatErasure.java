package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.ChatErasure;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Real erasure in PostgreSQL: the session row goes, and with it (ON DELETE CASCADE) messages, turns and activity. */
@Singleton
public class JdbcChatErasure implements ChatErasure {
  private final Jdbc jdbc;

  public JdbcChatErasure(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Outcome erase(UUID tenantId, UUID chatId, String erasedBy, Instant now) {
    Optional<Instant> lease = jdbc.queryOne("SELECT turn_lease_until FROM chat_sessions WHERE tenant_id = ? AND id = ? FOR UPDATE",
        rs -> Optional.ofNullable(Jdbc.instant(rs, "turn_lease_until")), tenantId, chatId).orElse(null);
    if (lease == null) return Outcome.NOT_FOUND;
    if (lease.isPresent() && lease.get().isAfter(now)) return Outcome.TURN_RUNNING;
    jdbc.update("DELETE FROM webhook_outbox WHERE tenant_id = ? AND chat_id = ?", tenantId, chatId);
    jdbc.update("DELETE FROM chat_sessions WHERE tenant_id = ? AND id = ?", tenantId, chatId);
    jdbc.update("INSERT INTO chat_erasures (tenant_id, chat_id, erased_at, erased_by) VALUES (?, ?, ?, ?) "
        + "ON CONFLICT DO NOTHING", tenantId, chatId, now, erasedBy);
    return Outcome.ERASED;
  }
}
