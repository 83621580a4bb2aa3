package dev.parley.application.port.in;

import dev.parley.domain.provider.ProviderConnection;
import java.util.List;
import java.util.UUID;

/** Inbound port: read one of a tenant's provider connections, or all of them. Implemented by {@code usecase.provider.GetProviderConnection}. */
public interface GetProviderConnectionUseCase {
  ProviderConnection get(UUID tenantId, String name);

  List<ProviderConnection> list(UUID tenantId);
}
