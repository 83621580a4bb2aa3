package dev.parley.application.port.out;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Outbound port: the post-call analysis stored on a finished conversation. */
public interface AnalysisStore {
  Optional<Map<String, Object>> find(UUID tenantId, UUID chatId);

  void save(UUID tenantId, UUID chatId, Map<String, Object> analysis);
}
