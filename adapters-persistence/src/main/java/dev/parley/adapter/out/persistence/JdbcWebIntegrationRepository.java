package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.WebIntegrationRepository;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.webchat.WebIntegration;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Web integrations in PostgreSQL (table from V1): the token only as its SHA-256, origins and client tools as jsonb. */
@Singleton
public class JdbcWebIntegrationRepository implements WebIntegrationRepository {
  private static final String COLUMNS = "tenant_id, id, agent_id, allow_web_chat, allowed_origins, client_tools, "
      + "expires_at, revoked_at, created_at";

  private final Jdbc jdbc;
  private final JsonColumns json;

  public JdbcWebIntegrationRepository(Jdbc jdbc, JsonColumns json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void insert(WebIntegration w, byte[] tokenHash) {
    jdbc.update("INSERT INTO web_integrations (" + COLUMNS + ", token_hash) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)",
        w.tenantId(), w.id(), w.agentId(), w.allowWebChat(), json.write(w.allowedOrigins()), json.write(writeTools(w.clientTools())),
        w.expiresAt(), w.revokedAt(), w.createdAt(), tokenHash);
  }

  @Override
  public List<WebIntegration> list(UUID tenantId, UUID agentId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM web_integrations WHERE tenant_id = ? AND agent_id = ? ORDER BY created_at, id",
        this::integration, tenantId, agentId);
  }

  @Override
  public Optional<WebIntegration> findByTokenHash(byte[] tokenHash) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM web_integrations WHERE token_hash = ?", this::integration, (Object) tokenHash);
  }

  @Override
  public boolean revoke(UUID tenantId, UUID agentId, UUID integrationId, Instant now) {
    return jdbc.update("UPDATE web_integrations SET revoked_at = coalesce(revoked_at, ?) WHERE tenant_id = ? AND agent_id = ? AND id = ?",
        now, tenantId, agentId, integrationId) == 1;
  }

  private WebIntegration integration(ResultSet rs) throws SQLException {
    List<String> origins = new ArrayList<>();
    for (Object o : json.readList(rs.getString("allowed_origins"))) origins.add(String.valueOf(o));
    return new WebIntegration(Jdbc.uuid(rs, "id"), Jdbc.uuid(rs, "tenant_id"), Jdbc.uuid(rs, "agent_id"),
        rs.getBoolean("allow_web_chat"), origins, readTools(json.readList(rs.getString("client_tools"))),
        Jdbc.instant(rs, "expires_at"), Jdbc.instant(rs, "revoked_at"), Jdbc.instant(rs, "created_at"));
  }

  private static List<Map<String, Object>> writeTools(List<ToolDefinition> tools) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ToolDefinition t : tools) {
      Map<String, Object> tool = new LinkedHashMap<>();
      tool.put("name", t.name());
      tool.put("description", t.description());
      tool.put("parameters", t.parameters());
      out.add(tool);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<ToolDefinition> readTools(List<Object> stored) {
    List<ToolDefinition> tools = new ArrayList<>();
    for (Object o : stored) {
      if (!(o instanceof Map<?, ?> m)) continue;
      Object parameters = m.get("parameters");
      tools.add(new ToolDefinition(String.valueOf(m.get("name")), m.get("description") == null ? null : String.valueOf(m.get("description")),
          parameters instanceof Map<?, ?> p ? (Map<String, Object>) p : null, null));
    }
    return tools;
  }
}
