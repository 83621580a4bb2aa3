package dev.parley.application.usecase.provider;

import dev.parley.application.port.in.GetProviderConnectionUseCase;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.out.ProviderConnectionRepository;
import dev.parley.domain.provider.ProviderConnection;
import java.util.List;
import java.util.UUID;

/** Use case: read one of a tenant's provider connections, or all of them. */
public final class GetProviderConnection implements GetProviderConnectionUseCase {
  private final ProviderConnectionRepository connections;

  public GetProviderConnection(ProviderConnectionRepository connections) {
    this.connections = connections;
  }

  public ProviderConnection get(UUID tenantId, String name) {
    return connections.find(tenantId, name).orElseThrow(() -> new NotFoundException("provider connection", name));
  }

  public List<ProviderConnection> list(UUID tenantId) {
    return connections.list(tenantId);
  }
}
