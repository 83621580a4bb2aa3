package dev.parley.application.port.in;

import java.util.UUID;

/**
 * Inbound port: the currency of the caller's tenant's prices and costs (ISO 4217). Implemented by
 * {@code usecase.tenant.SetTenantCurrency}.
 */
public interface SetTenantCurrencyUseCase {
  /** Null while the tenant has set none. */
  String currency(UUID tenantId);

  /** Sets it (null clears it); answers the stored value. */
  String set(UUID tenantId, String currency);
}
