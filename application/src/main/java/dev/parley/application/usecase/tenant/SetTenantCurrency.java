package dev.parley.application.usecase.tenant;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.SetTenantCurrencyUseCase;
import dev.parley.application.port.out.TenantCurrency;
import dev.parley.domain.common.InvalidValueException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Use case: a tenant names the currency its connections' prices are written in, so that costs carry it. It is a label,
 * never a conversion. Any three upper-case letters pass, the form of ISO 4217 codes: the JDK's currency table lags
 * behind new codes, and refusing a real one would be worse than accepting an unassigned one.
 */
public final class SetTenantCurrency implements SetTenantCurrencyUseCase {
  private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

  private final TenantCurrency currencies;

  public SetTenantCurrency(TenantCurrency currencies) {
    this.currencies = currencies;
  }

  @Override
  public String currency(UUID tenantId) {
    return currencies.find(tenantId);
  }

  @Override
  public String set(UUID tenantId, String currency) {
    if (currency != null && !ISO_4217.matcher(currency).matches())
      throw new InvalidValueException("currency", "currency must be an ISO 4217 code of three upper-case letters "
          + "(such as EUR or USD), or null to clear it");
    if (!currencies.set(tenantId, currency)) throw new NotFoundException("tenant", tenantId);
    return currency;
  }
}
