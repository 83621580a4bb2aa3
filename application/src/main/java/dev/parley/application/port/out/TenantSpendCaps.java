package dev.parley.application.port.out;

import java.math.BigDecimal;
import java.util.UUID;

/** Outbound port: a tenant's spend caps per UTC day, in tokens and in cost (null: no cap of that kind). */
public interface TenantSpendCaps {
  record DayCaps(Long perDayTokens, BigDecimal perDayCost) {
    public static final DayCaps NONE = new DayCaps(null, null);
  }

  /** The tenant's caps; {@link DayCaps#NONE} when it has none (or does not exist). */
  DayCaps find(UUID tenantId);

  /** Sets them; false when there is no such tenant. */
  boolean set(UUID tenantId, DayCaps caps);
}
