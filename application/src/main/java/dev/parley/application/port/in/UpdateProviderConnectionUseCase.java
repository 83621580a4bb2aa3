package dev.parley.application.port.in;

import dev.parley.domain.provider.ProviderConnection;
import java.util.UUID;

/** Inbound port: replace a connection's settings. Implemented by {@code usecase.provider.UpdateProviderConnection}. */
public interface UpdateProviderConnectionUseCase {
  ProviderConnection update(UUID tenantId, String name, ProviderConnection draft, boolean headersGiven);
}
