package dev.parley.application.usecase.usage;

import dev.parley.application.port.in.GetUsageUseCase;
import dev.parley.application.port.out.UsageLedger;
import dev.parley.domain.common.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Use case: what a tenant's model calls used — one chat's totals, or sums over a period by agent, model or day. */
public final class GetUsage implements GetUsageUseCase {
  /** A period longer than this is refused: the sums scan the ledger. */
  public static final Duration MAX_PERIOD = Duration.ofDays(366);

  private final UsageLedger ledger;
  private final dev.parley.application.port.out.TenantCurrency currencies;

  public GetUsage(UsageLedger ledger, dev.parley.application.port.out.TenantCurrency currencies) {
    this.ledger = ledger;
    this.currencies = currencies;
  }

  @Override
  public String currency(UUID tenantId) {
    return currencies.find(tenantId);
  }

  public UsageLedger.Totals ofChat(UUID tenantId, UUID chatId) {
    return ledger.chatTotals(tenantId, chatId);
  }

  public List<UsageLedger.Group> summarize(UUID tenantId, Instant from, Instant to, UsageLedger.GroupBy groupBy) {
    if (!from.isBefore(to)) throw new InvalidValueException("from", "from must be before to");
    if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0)
      throw new InvalidValueException("to", "the period must be at most " + MAX_PERIOD.toDays() + " days");
    return ledger.summarize(tenantId, from, to, groupBy);
  }
}
