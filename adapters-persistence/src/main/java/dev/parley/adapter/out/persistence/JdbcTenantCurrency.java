package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.TenantCurrency;
import jakarta.inject.Singleton;
import java.util.UUID;

/** A tenant's currency, a column of {@code tenants} (V16). */
@Singleton
public class JdbcTenantCurrency implements TenantCurrency {
  private final Jdbc jdbc;

  public JdbcTenantCurrency(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String find(UUID tenantId) {
    java.util.List<String> rows = jdbc.query("SELECT currency FROM tenants WHERE id = ?", rs -> rs.getString("currency"), tenantId);
    return rows.isEmpty() ? null : rows.get(0); // a row with no currency maps to null
  }

  @Override
  public boolean set(UUID tenantId, String currency) {
    return jdbc.update("UPDATE tenants SET currency = CAST(? AS text) WHERE id = ?", currency, tenantId) == 1;
  }
}
