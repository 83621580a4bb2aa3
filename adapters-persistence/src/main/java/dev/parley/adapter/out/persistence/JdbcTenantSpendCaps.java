package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.TenantSpendCaps;
import jakarta.inject.Singleton;
import java.util.UUID;

/** A tenant's spend caps per day, in two columns of {@code tenants} (V13). */
@Singleton
public class JdbcTenantSpendCaps implements TenantSpendCaps {
  private final Jdbc jdbc;

  public JdbcTenantSpendCaps(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public DayCaps find(UUID tenantId) {
    return jdbc.queryOne("SELECT spend_cap_day_tokens AS t, spend_cap_day_cost AS c FROM tenants WHERE id = ?",
        rs -> new DayCaps(rs.getObject("t") == null ? null : rs.getLong("t"),
            rs.getBigDecimal("c") == null ? null : rs.getBigDecimal("c").stripTrailingZeros()),
        tenantId).orElse(DayCaps.NONE);
  }

  @Override
  public boolean set(UUID tenantId, DayCaps caps) {
    return jdbc.update("UPDATE tenants SET spend_cap_day_tokens = CAST(? AS bigint), spend_cap_day_cost = CAST(? AS numeric) "
        + "WHERE id = ?", caps.perDayTokens(), caps.perDayCost(), tenantId) == 1;
  }
}
