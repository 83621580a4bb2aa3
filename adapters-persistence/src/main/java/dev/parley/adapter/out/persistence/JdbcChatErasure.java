package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.ChatErasure;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Real erasure in PostgreSQL. The session row goes, and with it (ON DELETE CASCADE) messages, turn records,
 * activity, analysis (a column of the row), web chat state and frames, tool approvals; the rows that only name the chat go by hand:
 * outbox rows, stored Idempotency-Key answers and a stateless conversation's hidden agent snapshot (evicted from
 * the agent cache on every instance). What stays is an audit record without content.
 *
 * <p>A new table that holds anything of a chat: reference chat_sessions with ON DELETE CASCADE, or delete its rows in
 * {@link #eraseLocked}; and give the path that fills it a plant in ErasureTest, which then proves it is erased.
 */
@Singleton
public class JdbcChatErasure implements ChatErasure {
  private final Jdbc jdbc;
  private final CacheInvalidations invalidations;

  public JdbcChatErasure(Jdbc jdbc, CacheInvalidations invalidations) {
    this.jdbc = jdbc;
    this.invalidations = invalidations;
  }

  @Override
  public Outcome erase(UUID tenantId, UUID chatId, String erasedBy, Instant now) {
    Optional<Instant> lease = jdbc.queryOne("SELECT turn_lease_until FROM chat_sessions WHERE tenant_id = ? AND id = ? FOR UPDATE",
        rs -> Optional.ofNullable(Jdbc.instant(rs, "turn_lease_until")), tenantId, chatId).orElse(null);
    if (lease == null) return Outcome.NOT_FOUND;
    if (lease.isPresent() && lease.get().isAfter(now)) return Outcome.TURN_RUNNING;
    eraseLocked(new ChatRef(tenantId, chatId), erasedBy, now);
    return Outcome.ERASED;
  }

  @Override
  public UserOutcome eraseUser(UUID tenantId, String userId, UUID auditId, byte[] userHash, String erasedBy, Instant now) {
    record Locked(UUID id, Instant lease) {}
    List<Locked> chats = jdbc.query("SELECT id, turn_lease_until FROM chat_sessions WHERE tenant_id = ? AND user_id = ? "
        + "ORDER BY id FOR UPDATE", rs -> new Locked(Jdbc.uuid(rs, "id"), Jdbc.instant(rs, "turn_lease_until")), tenantId, userId);
    if (chats.stream().anyMatch(c -> c.lease() != null && c.lease().isAfter(now))) return new UserOutcome(true, 0);
    for (Locked chat : chats) eraseLocked(new ChatRef(tenantId, chat.id()), erasedBy, now);
    jdbc.update("DELETE FROM users WHERE tenant_id = ? AND user_id = ?", tenantId, userId);
    jdbc.update("INSERT INTO user_erasures (tenant_id, id, user_hash, chats_erased, erased_at, erased_by) VALUES (?, ?, ?, ?, ?, ?)",
        tenantId, auditId, userHash, chats.size(), now, erasedBy);
    return new UserOutcome(false, chats.size());
  }

  @Override
  public List<ChatRef> lockPastRetention(Instant now, Integer defaultDays, int limit) {
    // make_interval(days => NULL) is NULL, so a tenant with no period and no default matches nothing
    return jdbc.query("SELECT s.tenant_id, s.id FROM chat_sessions s JOIN tenants t ON t.id = s.tenant_id "
            + "WHERE s.status = 'final' AND s.ended_at < CAST(? AS timestamptz) "
            + "- make_interval(days => coalesce(t.retention_days, CAST(? AS integer))) "
            + "ORDER BY s.ended_at LIMIT ? FOR UPDATE OF s SKIP LOCKED",
        rs -> new ChatRef(Jdbc.uuid(rs, "tenant_id"), Jdbc.uuid(rs, "id")), now, defaultDays, limit);
  }

  @Override
  public void eraseLocked(ChatRef chat, String erasedBy, Instant now) {
    UUID tenantId = chat.tenantId();
    UUID chatId = chat.chatId();
    Optional<UUID> agentId = jdbc.queryOne("DELETE FROM chat_sessions WHERE tenant_id = ? AND id = ? RETURNING agent_id",
        rs -> Jdbc.uuid(rs, "agent_id"), tenantId, chatId);
    jdbc.update("DELETE FROM webhook_outbox WHERE tenant_id = ? AND chat_id = ?", tenantId, chatId);
    jdbc.update("DELETE FROM idempotency_records WHERE tenant_id = ? AND chat_id = ?", tenantId, chatId);
    agentId.ifPresent(agent -> eraseHiddenAgent(tenantId, agent));
    jdbc.update("INSERT INTO chat_erasures (tenant_id, chat_id, erased_at, erased_by) VALUES (?, ?, ?, ?) "
        + "ON CONFLICT DO NOTHING", tenantId, chatId, now, erasedBy);
  }

  /**
   * A stateless conversation with an inline agent stores that agent as a hidden snapshot of its own (born deleted:
   * deleted_at = created_at), which no other chat uses; its definition may hold conversation data, so it goes too.
   */
  private void eraseHiddenAgent(UUID tenantId, UUID agentId) {
    int erased = jdbc.update("DELETE FROM agents a WHERE a.tenant_id = ? AND a.id = ? AND a.deleted_at = a.created_at "
        + "AND NOT EXISTS (SELECT 1 FROM chat_sessions s WHERE s.tenant_id = a.tenant_id AND s.agent_id = a.id)", tenantId, agentId);
    if (erased > 0) invalidations.invalidate(JdbcAgentRepository.CACHE, JdbcAgentRepository.key(tenantId, agentId));
  }
}
