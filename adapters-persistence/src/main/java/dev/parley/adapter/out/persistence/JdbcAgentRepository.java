package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.AgentRepository;
import dev.parley.domain.agent.Agent;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Agents in PostgreSQL: the definition as one jsonb document, soft-deleted so old sessions stay readable. Every turn
 * reads its agent, so found agents are cached, parsed; a change evicts them on every instance (see
 * {@link CacheInvalidations}).
 */
@Singleton
public class JdbcAgentRepository implements AgentRepository {
  static final String CACHE = "agents";
  private final Jdbc jdbc;
  private final JsonColumns json;
  private final CacheInvalidations invalidations;
  private final ReadThroughCache<String, Agent> cache;

  public JdbcAgentRepository(Jdbc jdbc, JsonColumns json, CacheInvalidations invalidations) {
    this.jdbc = jdbc;
    this.json = json;
    this.invalidations = invalidations;
    this.cache = invalidations.register(CACHE);
  }

  @Override
  public void insert(Agent a) {
    jdbc.update("INSERT INTO agents (tenant_id, id, name, definition, created_at, updated_at, deleted_at) "
            + "VALUES (?, ?, ?, ?::jsonb, ?, ?, ?)", a.tenantId(), a.id(), a.definition().name(),
        json.write(AgentDocument.write(a.definition())), a.createdAt(), a.updatedAt(), a.deleted() ? a.updatedAt() : null);
  }

  @Override
  public void update(Agent a) {
    jdbc.update("UPDATE agents SET name = ?, definition = ?::jsonb, updated_at = ?, deleted_at = ? WHERE tenant_id = ? AND id = ?",
        a.definition().name(), json.write(AgentDocument.write(a.definition())), a.updatedAt(),
        a.deleted() ? a.updatedAt() : null, a.tenantId(), a.id());
    invalidations.invalidate(CACHE, key(a.tenantId(), a.id()));
  }

  @Override
  public Optional<Agent> find(UUID tenantId, UUID agentId) {
    return cache.get(key(tenantId, agentId),
        k -> jdbc.queryOne("SELECT * FROM agents WHERE tenant_id = ? AND id = ?", this::agent, tenantId, agentId));
  }

  @Override
  public List<Agent> list(UUID tenantId, int skip, int take) {
    return jdbc.query("SELECT * FROM agents WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, id LIMIT ? OFFSET ?",
        this::agent, tenantId, take, skip);
  }

  @Override
  public long count(UUID tenantId) {
    return jdbc.queryOne("SELECT count(*) FROM agents WHERE tenant_id = ? AND deleted_at IS NULL", rs -> rs.getLong(1), tenantId)
        .orElse(0L);
  }

  static String key(UUID tenantId, UUID agentId) {
    return tenantId + ":" + agentId;
  }

  private Agent agent(ResultSet rs) throws SQLException {
    return new Agent(Jdbc.uuid(rs, "id"), Jdbc.uuid(rs, "tenant_id"), AgentDocument.read(json.readMap(rs.getString("definition"))),
        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"), rs.getObject("deleted_at") != null);
  }
}
