package dev.parley.application.usecase.tenant;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.SetTenantRetentionUseCase;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.domain.common.InvalidValueException;
import java.util.UUID;

/** Use case (operator): how many days a tenant's ended chats are kept before the sweeper erases them (null: default). */
public final class SetTenantRetention implements SetTenantRetentionUseCase {
  private final TenantRepository tenants;

  public SetTenantRetention(TenantRepository tenants) {
    this.tenants = tenants;
  }

  @Override
  public Integer set(UUID tenantId, Integer days) {
    if (days != null && (days < 1 || days > MAX_DAYS))
      throw new InvalidValueException("retention_days", "retention_days must be between 1 and " + MAX_DAYS + ", or null");
    if (!tenants.setRetentionDays(tenantId, days)) throw new NotFoundException("tenant", tenantId);
    return days;
  }
}
