package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.ToolApprovals;
import dev.parley.domain.session.ToolApproval;
import dev.parley.domain.session.ToolCall;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Tool approvals in PostgreSQL (table tool_approvals, erased with their chat by ON DELETE CASCADE). */
@Singleton
public class JdbcToolApprovals implements ToolApprovals {
  private static final String COLUMNS = "chat_id, id, call_id, tool, arguments, status, reason, requested_at, decided_at";
  private final Jdbc jdbc;
  private final JsonColumns json;

  public JdbcToolApprovals(Jdbc jdbc, JsonColumns json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void insert(UUID tenantId, ToolApproval a) {
    jdbc.update("INSERT INTO tool_approvals (tenant_id, chat_id, id, call_id, tool, arguments, status, requested_at) "
            + "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)", tenantId, a.chatId(), a.id(), a.call().id(), a.call().name(),
        json.write(a.call().arguments()), StoredNames.of(a.status()), a.requestedAt());
  }

  @Override
  public Optional<ToolApproval> find(UUID tenantId, UUID chatId, UUID approvalId) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM tool_approvals WHERE tenant_id = ? AND chat_id = ? AND id = ?",
        this::row, tenantId, chatId, approvalId);
  }

  @Override
  public Optional<ToolApproval> findPending(UUID tenantId, UUID chatId) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM tool_approvals WHERE tenant_id = ? AND chat_id = ? AND status = 'pending'",
        this::row, tenantId, chatId);
  }

  @Override
  public boolean decide(UUID tenantId, ToolApproval decided) {
    return jdbc.update("UPDATE tool_approvals SET status = ?, reason = ?, decided_at = ? "
            + "WHERE tenant_id = ? AND chat_id = ? AND id = ? AND status = 'pending'", StoredNames.of(decided.status()),
        decided.reason(), decided.decidedAt(), tenantId, decided.chatId(), decided.id()) == 1;
  }

  @Override
  public int cancelPending(UUID tenantId, List<UUID> chatIds, String reason, Instant now) {
    return jdbc.update("UPDATE tool_approvals SET status = 'cancelled', reason = ?, decided_at = ? "
            + "WHERE tenant_id = ? AND chat_id = ANY (?) AND status = 'pending'", reason, now, tenantId,
        chatIds.toArray(new UUID[0]));
  }

  private ToolApproval row(ResultSet rs) throws SQLException {
    String args = rs.getString("arguments");
    ToolCall call = new ToolCall(rs.getString("call_id"), rs.getString("tool"), args == null ? null : json.read(args), null);
    return new ToolApproval(Jdbc.uuid(rs, "id"), Jdbc.uuid(rs, "chat_id"), call,
        StoredNames.approvalStatus(rs.getString("status")), rs.getString("reason"), Jdbc.instant(rs, "requested_at"),
        Jdbc.instant(rs, "decided_at"));
  }
}
