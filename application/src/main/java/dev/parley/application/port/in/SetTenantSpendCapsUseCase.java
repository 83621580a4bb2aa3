package dev.parley.application.port.in;

import dev.parley.application.port.out.TenantSpendCaps.DayCaps;
import java.util.UUID;

/** Inbound port: a tenant's spend caps per UTC day. Implemented by {@code usecase.tenant.SetTenantSpendCaps}. */
public interface SetTenantSpendCapsUseCase {
  DayCaps set(UUID tenantId, DayCaps caps);
}
