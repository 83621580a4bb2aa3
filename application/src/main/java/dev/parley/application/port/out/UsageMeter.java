package dev.parley.application.port.out;

import dev.parley.domain.session.Usage;
import java.util.UUID;

/** Outbound port: token counters for operators (Prometheus), by tenant, provider and model. */
public interface UsageMeter {
  UsageMeter NONE = (tenantId, provider, model, usage) -> {};

  void count(UUID tenantId, String provider, String model, Usage usage);
}
