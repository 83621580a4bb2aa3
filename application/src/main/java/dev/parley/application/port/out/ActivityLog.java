package dev.parley.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Outbound port: the audit trail of a session (opened, turns, tool errors, unknown variables, ended...). */
public interface ActivityLog {
  record Entry(long id, UUID chatId, String kind, Map<String, Object> detail, Instant at) {}

  /** An entry to append; see {@link #recordAll}. */
  record NewEntry(UUID tenantId, UUID chatId, String kind, Map<String, Object> detail, Instant at) {}

  void record(UUID tenantId, UUID chatId, String kind, Map<String, Object> detail, Instant at);

  /** Appends several entries at once (one round trip where the store can batch); the order is kept. */
  default void recordAll(List<NewEntry> entries) {
    for (NewEntry e : entries) record(e.tenantId(), e.chatId(), e.kind(), e.detail(), e.at());
  }

  List<Entry> list(UUID tenantId, UUID chatId);
}
