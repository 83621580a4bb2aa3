package dev.parley.application.port.in;

import dev.parley.application.port.out.UsageLedger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Inbound port: what a tenant's model calls used. Implemented by {@code usecase.usage.GetUsage}. */
public interface GetUsageUseCase {
  UsageLedger.Totals ofChat(UUID tenantId, UUID chatId);

  List<UsageLedger.Group> summarize(UUID tenantId, Instant from, Instant to, UsageLedger.GroupBy groupBy);
}
