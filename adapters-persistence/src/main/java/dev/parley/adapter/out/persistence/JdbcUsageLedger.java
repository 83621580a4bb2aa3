package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.UsageLedger;
import dev.parley.domain.session.Usage;
import jakarta.inject.Singleton;
import java.util.UUID;

/** The usage ledger in PostgreSQL (table from V10): one row per model call, summed on demand. */
@Singleton
public class JdbcUsageLedger implements UsageLedger {
  private final Jdbc jdbc;

  public JdbcUsageLedger(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void record(Entry e) {
    jdbc.update("INSERT INTO usage_ledger (tenant_id, agent_id, chat_id, provider, model, kind, input_tokens, output_tokens, "
            + "cached_input_tokens, cost, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        e.tenantId(), e.agentId(), e.chatId(), e.provider(), e.model(), e.kind(), e.usage().inputTokens(),
        e.usage().outputTokens(), e.usage().cachedInputTokens(), e.cost(), e.at());
  }

  @Override
  public java.util.List<Group> summarize(UUID tenantId, java.time.Instant from, java.time.Instant to, GroupBy groupBy) {
    String key = switch (groupBy) {
      case AGENT -> "coalesce(agent_id::text, '')";
      case MODEL -> "provider || '/' || coalesce(model, '')";
      case DAY -> "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
    };
    return jdbc.query("SELECT " + key + " AS k, count(*) AS n, sum(input_tokens) AS i, sum(output_tokens) AS o, "
            + "sum(cached_input_tokens) AS c, sum(cost) AS cost FROM usage_ledger WHERE tenant_id = ? AND at >= ? AND at < ? "
            + "GROUP BY 1 ORDER BY 1",
        rs -> new Group(rs.getString("k"), rs.getLong("n"), new Usage(rs.getLong("i"), rs.getLong("o"), rs.getLong("c")),
            rs.getBigDecimal("cost") == null ? null : rs.getBigDecimal("cost").stripTrailingZeros()),
        tenantId, from, to);
  }

  @Override
  public Totals chatTotals(UUID tenantId, UUID chatId) {
    return totals("tenant_id = ? AND chat_id = ?", tenantId, chatId);
  }

  @Override
  public Totals agentTotals(UUID tenantId, UUID agentId, java.time.Instant from, java.time.Instant to) {
    return totals("tenant_id = ? AND at >= ? AND at < ? AND agent_id = ?", tenantId, from, to, agentId);
  }

  @Override
  public Totals tenantTotals(UUID tenantId, java.time.Instant from, java.time.Instant to) {
    return totals("tenant_id = ? AND at >= ? AND at < ?", tenantId, from, to);
  }

  private Totals totals(String where, Object... args) {
    return jdbc.queryOne("SELECT count(*) AS n, coalesce(sum(input_tokens), 0) AS i, coalesce(sum(output_tokens), 0) AS o, "
            + "coalesce(sum(cached_input_tokens), 0) AS c, sum(cost) AS cost FROM usage_ledger WHERE " + where,
        rs -> rs.getLong("n") == 0 ? Totals.NONE
            : new Totals(new Usage(rs.getLong("i"), rs.getLong("o"), rs.getLong("c")),
                rs.getBigDecimal("cost") == null ? null : rs.getBigDecimal("cost").stripTrailingZeros()),
        args).orElse(Totals.NONE);
  }
}
