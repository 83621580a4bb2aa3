package dev.parley.application.turn;

import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.LanguageModel.Metering;
import dev.parley.application.port.out.ModelRoute;
import dev.parley.application.port.out.UsageLedger;
import dev.parley.application.port.out.UsageMeter;
import dev.parley.domain.provider.ProviderConnection;
import dev.parley.domain.session.Usage;
import java.math.BigDecimal;
import java.util.UUID;

/** Use case: book what one model call used — priced by the connection that answered — in the ledger and the meters. */
public final class RecordModelUsage {
  private final UsageLedger ledger;
  private final UsageMeter meter;
  private final Clock clock;

  public RecordModelUsage(UsageLedger ledger, UsageMeter meter, Clock clock) {
    this.ledger = ledger;
    this.meter = meter;
    this.clock = clock;
  }

  /** Books the call; answers its cost (null without a price). A call nobody metered (scripted) is not booked. */
  public BigDecimal record(UUID tenantId, UUID agentId, UUID chatId, String kind, ModelRoute route, Metering metering) {
    if (metering == null || metering.provider() == null) return null;
    Usage usage = metering.usage() == null ? Usage.ZERO : metering.usage();
    BigDecimal cost = Pricing.cost(priceOf(route, metering), usage);
    ledger.record(new UsageLedger.Entry(tenantId, agentId, chatId, metering.provider(), metering.model(), kind, usage,
        cost, clock.now()));
    meter.count(tenantId, metering.provider(), metering.model(), usage);
    return cost;
  }

  private static dev.parley.domain.provider.ModelPrice priceOf(ModelRoute route, Metering metering) {
    for (ModelRoute.Target target : route.targets()) {
      ProviderConnection c = target.connection();
      if (c.name().equals(metering.provider())) return c.priceOf(metering.model());
    }
    return null;
  }
}
