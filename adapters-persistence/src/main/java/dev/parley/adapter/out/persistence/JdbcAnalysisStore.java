package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.AnalysisStore;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Post-call analysis kept on the session row. */
@Singleton
public class JdbcAnalysisStore implements AnalysisStore {
  private final Jdbc jdbc;
  private final JsonColumns json;

  public JdbcAnalysisStore(Jdbc jdbc, JsonColumns json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public Optional<Map<String, Object>> find(UUID tenantId, UUID chatId) {
    return jdbc.queryOne("SELECT analysis FROM chat_sessions WHERE tenant_id = ? AND id = ? AND analysis IS NOT NULL",
        rs -> json.readMap(rs.getString("analysis")), tenantId, chatId);
  }

  @Override
  public void save(UUID tenantId, UUID chatId, Map<String, Object> analysis) {
    jdbc.update("UPDATE chat_sessions SET analysis = ?::jsonb WHERE tenant_id = ? AND id = ?", json.write(analysis), tenantId, chatId);
  }
}
