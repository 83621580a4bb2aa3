package dev.parley.application.port.out;

import java.util.UUID;

/** Outbound port: the ISO 4217 currency a tenant's prices and costs are written in. */
public interface TenantCurrency {
  TenantCurrency NONE = new TenantCurrency() {
    @Override
    public String find(UUID tenantId) {
      return null;
    }

    @Override
    public boolean set(UUID tenantId, String currency) {
      return false;
    }
  };

  /** The tenant's currency; null when it has set none (or does not exist). */
  String find(UUID tenantId);

  /** Sets it (null clears it); false when there is no such tenant. */
  boolean set(UUID tenantId, String currency);
}
