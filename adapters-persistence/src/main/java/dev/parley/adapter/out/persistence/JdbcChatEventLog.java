package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventLog;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The event log in PostgreSQL (decision 0011). Entries appended inside a transaction wait for its commit: just before
 * it, the transaction takes each of their tenants' advisory lock (in tenant order, so two writers never deadlock),
 * inserts them and NOTIFYs a {@link ChatEvent.Kind#LOGGED} per chat. The lock is held until the commit ends, so a
 * tenant's ids are committed in increasing order: a reader that saw id n and reads "id > n" later misses nothing.
 * Taking the lock last keeps it for the length of a commit, not of a transaction.
 */
@Singleton
public class JdbcChatEventLog implements ChatEventLog {
  private final Jdbc jdbc;
  private final JsonColumns json;
  private final MessageRows messages;
  private final TransactionOperations<Connection> transactions;
  private final ThreadLocal<Pending> pending = new ThreadLocal<>();

  public JdbcChatEventLog(Jdbc jdbc, JsonColumns json, MessageRows messages, TransactionOperations<Connection> transactions) {
    this.jdbc = jdbc;
    this.json = json;
    this.messages = messages;
    this.transactions = transactions;
  }

  /** The entries of one open transaction, written by its before-commit hook. */
  private final class Pending implements TransactionSynchronization {
    final Object transaction;
    final List<Entry> entries = new ArrayList<>();

    Pending(Object transaction) {
      this.transaction = transaction;
    }

    @Override
    public void beforeCommit(boolean readOnly) {
      pending.remove();
      write(entries);
    }

    @Override
    public void afterCompletion(Status status) {
      if (pending.get() == this) pending.remove();
    }
  }

  @Override
  public void append(Entry entry) {
    TransactionStatus<?> status = transactions.findTransactionStatus().orElse(null);
    if (status == null) {
      transactions.executeWrite(s -> {
        write(List.of(entry));
        return null;
      });
      return;
    }
    Pending p = pending.get();
    if (p == null || p.transaction != status.getTransaction()) {
      p = new Pending(status.getTransaction());
      status.registerSynchronization(p);
      pending.set(p);
    }
    p.entries.add(entry);
  }

  private void write(List<Entry> entries) {
    if (entries.isEmpty()) return;
    List<Entry> ordered = new ArrayList<>(entries);
    ordered.sort(Comparator.comparing(Entry::tenantId) // stable: otherwise each tenant's entries keep their order
        .thenComparingInt(e -> ChatEventLog.orderInCommit(e.type())));
    jdbc.withConnection(c -> {
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('parley_event_log'), hashtext(?))")) {
        for (UUID tenant : ordered.stream().map(Entry::tenantId).distinct().toList()) { // in tenant order: no deadlock
          lock.setString(1, tenant.toString());
          lock.execute();
        }
      }
      Map<List<UUID>, Long> lastByChat = new LinkedHashMap<>();
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO chat_event_log (tenant_id, chat_id, type, mode, data, at) "
          + "VALUES (?, ?, ?, ?, ?::jsonb, ?)", new String[] {"id"})) {
        for (Entry e : ordered) {
          Jdbc.bind(insert, e.tenantId(), e.chatId(), e.type(), e.mode(), json.write(e.data() == null ? Map.of() : e.data()), e.at());
          insert.addBatch();
        }
        insert.executeBatch(); // one round trip for a sweeper's hundreds of endings
        try (ResultSet ids = insert.getGeneratedKeys()) {
          for (Entry e : ordered) {
            ids.next();
            lastByChat.put(List.of(e.tenantId(), e.chatId()), ids.getLong(1));
          }
        }
      }
      lastByChat.forEach((k, id) -> PgChatEvents.notify(jdbc, PgChatEvents.CHANNEL,
          PgChatEvents.encode(ChatEvent.logged(k.get(0), k.get(1), id))));
      return null;
    });
  }

  @Override
  public List<Logged> after(UUID tenantId, long afterId, Filter f, int limit) {
    StringBuilder sql = new StringBuilder("SELECT e.id, e.chat_id, e.type, e.data, e.at, s.agent_id, s.channel, "
        + "m.role, m.content, m.tool_calls, m.created_at, m.author, m.interrupted, m.usage, m.model "
        + "FROM chat_event_log e JOIN chat_sessions s ON s.tenant_id = e.tenant_id AND s.id = e.chat_id "
        + "LEFT JOIN chat_messages m ON e.type = 'message' AND m.tenant_id = e.tenant_id AND m.chat_id = e.chat_id "
        + "AND m.seq = (e.data->>'seq')::int WHERE e.tenant_id = ? AND e.id > ?");
    List<Object> params = new ArrayList<>(List.of(tenantId, afterId));
    condition(sql, params, "s.agent_id = ?", f.agentId());
    condition(sql, params, "e.chat_id = ?", f.chatId());
    condition(sql, params, "s.channel = ?", f.channel());
    condition(sql, params, "e.mode = ?", f.mode());
    condition(sql, params, "(CASE WHEN e.type = 'ended' THEN 'final' ELSE 'active' END) = ?", f.status());
    if (f.types() != null && !f.types().isEmpty()) {
      sql.append(" AND e.type = ANY(?)");
      params.add(f.types().toArray(String[]::new));
    }
    sql.append(" ORDER BY e.id LIMIT ?");
    params.add(limit);
    return jdbc.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        Jdbc.bind(ps, params.stream().map(p -> p instanceof String[] ? null : p).toArray());
        for (int i = 0; i < params.size(); i++)
          if (params.get(i) instanceof String[] texts) ps.setArray(i + 1, c.createArrayOf("text", texts));
        List<Logged> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(logged(rs));
        }
        return out;
      }
    });
  }

  private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
    if (value == null) return;
    sql.append(" AND ").append(clause);
    params.add(value);
  }

  private Logged logged(ResultSet rs) throws SQLException {
    return new Logged(rs.getLong("id"), Jdbc.uuid(rs, "chat_id"), Jdbc.uuid(rs, "agent_id"), rs.getString("channel"),
        rs.getString("type"), json.readMap(rs.getString("data")), Jdbc.instant(rs, "at"),
        rs.getString("role") == null ? null : messages.message(rs));
  }

  @Override
  public long lastId(UUID tenantId) {
    return jdbc.queryOne("SELECT coalesce(max(id), 0) AS id FROM chat_event_log WHERE tenant_id = ?",
        rs -> rs.getLong("id"), tenantId).orElse(0L);
  }
}
