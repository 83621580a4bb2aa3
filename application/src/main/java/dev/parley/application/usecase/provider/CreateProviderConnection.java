package dev.parley.application.usecase.provider;

import dev.parley.application.port.in.CreateProviderConnectionUseCase;
import dev.parley.application.error.ConflictException;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.OutboundUrlPolicy;
import dev.parley.application.port.out.ProviderConnectionRepository;
import dev.parley.domain.provider.ProviderConnection;
import java.time.Instant;
import java.util.UUID;

/** Use case: a tenant adds a connection to a model provider. */
public final class CreateProviderConnection implements CreateProviderConnectionUseCase {
  private final ProviderConnectionRepository connections;
  private final OutboundUrlPolicy urls;
  private final Clock clock;
  private final IdGenerator ids;

  public CreateProviderConnection(ProviderConnectionRepository connections, OutboundUrlPolicy urls, Clock clock, IdGenerator ids) {
    this.connections = connections;
    this.urls = urls;
    this.clock = clock;
    this.ids = ids;
  }

  /** {@code draft} carries the fields as given; id, tenant and times are set here. */
  public ProviderConnection create(UUID tenantId, ProviderConnection draft) {
    Instant now = clock.now();
    ProviderConnection connection = new ProviderConnection(ids.newId(), tenantId, draft.name(), draft.kind(),
        draft.baseUrl(), draft.apiKey(), draft.defaultModel(), draft.headers(), draft.prices(), draft.maxRetries(), now, now);
    ConnectionChecks.check(urls, connection);
    if (!connections.insert(connection))
      throw new ConflictException("provider_exists", "a provider connection named '" + connection.name() + "' exists already");
    return connection;
  }
}
