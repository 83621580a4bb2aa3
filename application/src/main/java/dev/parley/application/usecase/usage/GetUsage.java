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

  public GetUsage(UsageLedger ledger) {
    this.ledger = ledger;
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
