package dev.parley.application.port.in;

import dev.parley.application.port.out.UsageLedger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Inbound port: what a tenant's model calls used. Implemented by {@code usecase.usage.GetUsage}. */
public interface GetUsageUseCase {
  UsageLedger.Totals ofChat(UUID tenantId, UUID chatId);

  /** The ISO 4217 code the tenant's costs are in (null while it has set none). */
  String currency(UUID tenantId);

  List<UsageLedger.Group> summarize(UUID tenantId, Instant from, Instant to, UsageLedger.GroupBy groupBy);
}
