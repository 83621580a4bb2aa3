package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.ActivityLog;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The activity log in PostgreSQL, append-only. */
@Singleton
public class JdbcActivityLog implements ActivityLog {
  private final Jdbc jdbc;
  private final JsonColumns json;

  public JdbcActivityLog(Jdbc jdbc, JsonColumns json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void record(UUID tenantId, UUID chatId, String kind, Map<String, Object> detail, Instant at) {
    jdbc.update("INSERT INTO activity_log (tenant_id, chat_id, kind, detail, at) VALUES (?, ?, ?, ?::jsonb, ?)",
        tenantId, chatId, kind, json.write(detail == null ? Map.of() : detail), at);
  }

  @Override
  public void recordAll(List<NewEntry> entries) {
    List<Object[]> rows = new ArrayList<>(entries.size());
    for (NewEntry e : entries)
      rows.add(new Object[] {e.tenantId(), e.chatId(), e.kind(), json.write(e.detail() == null ? Map.of() : e.detail()), e.at()});
    jdbc.batch("INSERT INTO activity_log (tenant_id, chat_id, kind, detail, at) VALUES (?, ?, ?, ?::jsonb, ?)", rows);
  }

  @Override
  public List<Entry> list(UUID tenantId, UUID chatId) {
    return jdbc.query("SELECT id, chat_id, kind, detail, at FROM activity_log WHERE tenant_id = ? AND chat_id = ? ORDER BY id",
        rs -> new Entry(rs.getLong("id"), Jdbc.uuid(rs, "chat_id"), rs.getString("kind"), json.readMap(rs.getString("detail")),
            Jdbc.instant(rs, "at")), tenantId, chatId);
  }
}
