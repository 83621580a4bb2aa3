package dev.parley.application.usecase.provider;

import dev.parley.application.port.in.UpdateProviderConnectionUseCase;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.OutboundUrlPolicy;
import dev.parley.application.port.out.ProviderConnectionRepository;
import dev.parley.domain.provider.ProviderConnection;
import java.util.UUID;

/** Use case: replace a connection's settings. A left-out api_key (or headers) keeps the stored one. */
public final class UpdateProviderConnection implements UpdateProviderConnectionUseCase {
  private final ProviderConnectionRepository connections;
  private final OutboundUrlPolicy urls;
  private final Clock clock;

  public UpdateProviderConnection(ProviderConnectionRepository connections, OutboundUrlPolicy urls, Clock clock) {
    this.connections = connections;
    this.urls = urls;
    this.clock = clock;
  }

  public ProviderConnection update(UUID tenantId, String name, ProviderConnection draft, boolean headersGiven) {
    ProviderConnection stored = connections.find(tenantId, name)
        .orElseThrow(() -> new NotFoundException("provider connection", name));
    ProviderConnection replaced = new ProviderConnection(stored.id(), tenantId, stored.name(), draft.kind(),
        draft.baseUrl(), draft.apiKey(), draft.defaultModel(), draft.headers(), draft.prices(), draft.maxRetries(),
        stored.createdAt(), clock.now()).keepingSecretsOf(stored, !headersGiven);
    ConnectionChecks.check(urls, replaced);
    if (!connections.update(replaced)) throw new NotFoundException("provider connection", name);
    return replaced;
  }
}
