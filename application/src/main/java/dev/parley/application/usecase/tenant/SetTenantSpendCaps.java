package dev.parley.application.usecase.tenant;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.SetTenantSpendCapsUseCase;
import dev.parley.application.port.out.TenantSpendCaps;
import dev.parley.domain.agent.SpendCaps;
import java.util.UUID;

/** Use case (operator): caps on what all of a tenant's model turns may use per UTC day (null: no cap). */
public final class SetTenantSpendCaps implements SetTenantSpendCapsUseCase {
  private final TenantSpendCaps caps;

  public SetTenantSpendCaps(TenantSpendCaps caps) {
    this.caps = caps;
  }

  @Override
  public TenantSpendCaps.DayCaps set(UUID tenantId, TenantSpendCaps.DayCaps next) {
    SpendCaps.tokens("per_day_tokens", next.perDayTokens());
    SpendCaps.cost("per_day_cost", next.perDayCost());
    if (!caps.set(tenantId, next)) throw new NotFoundException("tenant", tenantId);
    return next;
  }
}
