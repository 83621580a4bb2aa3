package dev.parley.application.usecase.provider;

import dev.parley.application.port.in.DeleteProviderConnectionUseCase;
import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.out.ProviderConnectionRepository;
import java.util.List;
import java.util.UUID;

/** Use case: remove a connection, refused while an agent names it (as provider or fallback). */
public final class DeleteProviderConnection implements DeleteProviderConnectionUseCase {
  private final ProviderConnectionRepository connections;

  public DeleteProviderConnection(ProviderConnectionRepository connections) {
    this.connections = connections;
  }

  public void delete(UUID tenantId, String name) {
    connections.find(tenantId, name).orElseThrow(() -> new NotFoundException("provider connection", name));
    List<UUID> users = connections.agentsUsing(tenantId, name);
    if (!users.isEmpty())
      throw new ConflictException("provider_in_use", "provider connection '" + name + "' is used by " + users.size()
          + " agent(s), for example " + users.get(0) + "; point them elsewhere first");
    if (!connections.delete(tenantId, name)) throw new NotFoundException("provider connection", name);
  }
}
