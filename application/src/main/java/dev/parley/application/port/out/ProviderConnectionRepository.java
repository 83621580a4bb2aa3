package dev.parley.application.port.out;

import dev.parley.domain.provider.ProviderConnection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outbound port: a tenant's provider connections. Implementations keep the secrets encrypted at rest. */
public interface ProviderConnectionRepository {
  /** Stores a new connection; false when the tenant already has one of that name. */
  boolean insert(ProviderConnection connection);

  Optional<ProviderConnection> find(UUID tenantId, String name);

  List<ProviderConnection> list(UUID tenantId);

  /** Replaces the stored connection of the same tenant and name; false when there is none. */
  boolean update(ProviderConnection connection);

  boolean delete(UUID tenantId, String name);

  /** Ids of the tenant's (not deleted) agents whose model or fallbacks name the connection. */
  List<UUID> agentsUsing(UUID tenantId, String name);
}
