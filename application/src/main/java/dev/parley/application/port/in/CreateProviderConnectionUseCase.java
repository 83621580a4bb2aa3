package dev.parley.application.port.in;

import dev.parley.domain.provider.ProviderConnection;
import java.util.UUID;

/** Inbound port: a tenant adds a connection to a model provider. Implemented by {@code usecase.provider.CreateProviderConnection}. */
public interface CreateProviderConnectionUseCase {
  /** {@code draft} carries the fields as given; id, tenant and times are set by the use case. */
  ProviderConnection create(UUID tenantId, ProviderConnection draft);
}
