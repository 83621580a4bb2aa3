package dev.parley.application.turn;

import dev.parley.application.port.out.LanguageModel.ModelUnavailableException;
import dev.parley.application.port.out.ModelRoute;
import dev.parley.application.port.out.ProviderConnectionRepository;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.provider.ProviderConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Resolves an agent's model settings to the connections a turn asks: the built-in {@code openai} connection (the
 * server-wide settings) or one of the tenant's own, then its fallbacks.
 */
public final class ModelRoutes {
  private final ProviderConnectionRepository connections;
  private final ProviderConnection builtInOpenAi;

  public ModelRoutes(ProviderConnectionRepository connections, ProviderConnection builtInOpenAi) {
    if (!builtInOpenAi.builtIn() || !builtInOpenAi.name().equals(ModelSettings.OPENAI_PROVIDER))
      throw new IllegalArgumentException("the built-in connection must be named openai and belong to no tenant");
    this.connections = connections;
    this.builtInOpenAi = builtInOpenAi;
  }

  /** The built-in {@code openai} connection made of the server-wide settings (it belongs to no tenant). */
  public static ProviderConnection builtInOpenAi(String baseUrl, String apiKey, String defaultModel, Integer maxRetries) {
    return new ProviderConnection(new UUID(0, 1), null, ModelSettings.OPENAI_PROVIDER, ProviderConnection.Kind.OPENAI,
        baseUrl, apiKey, defaultModel, java.util.Map.of(), java.util.Map.of(), maxRetries, java.time.Instant.EPOCH,
        java.time.Instant.EPOCH);
  }

  /**
   * The route of one turn. A fallback whose connection was deleted since is left out; a missing first connection
   * makes the turn unanswerable, like a provider that is down.
   */
  public ModelRoute route(UUID tenantId, ModelSettings settings) {
    if (settings.isScripted()) return ModelRoute.NONE;
    List<ModelRoute.Target> targets = new ArrayList<>();
    targets.add(new ModelRoute.Target(find(tenantId, settings.provider()).orElseThrow(() ->
        new ModelUnavailableException("the agent's provider connection '" + settings.provider() + "' does not exist", null)),
        settings.model()));
    for (ModelSettings.ModelChoice fallback : settings.fallbacks())
      find(tenantId, fallback.provider()).ifPresent(c -> targets.add(new ModelRoute.Target(c, fallback.model())));
    return new ModelRoute(targets);
  }

  /** Refuses model settings that name a connection the tenant does not have. */
  public void requireKnown(UUID tenantId, ModelSettings settings) {
    if (settings.isScripted()) return;
    if (find(tenantId, settings.provider()).isEmpty())
      throw new InvalidValueException("model.provider", "model.provider names no provider connection: '"
          + settings.provider() + "' (built in: scripted, openai; others are created at /api/v1/providers)");
    for (ModelSettings.ModelChoice fallback : settings.fallbacks())
      if (find(tenantId, fallback.provider()).isEmpty())
        throw new InvalidValueException("model.fallbacks.provider", "model.fallbacks names no provider connection: '"
            + fallback.provider() + "'");
  }

  private Optional<ProviderConnection> find(UUID tenantId, String name) {
    if (name.equals(ModelSettings.OPENAI_PROVIDER)) return Optional.of(builtInOpenAi);
    if (name.equals(ModelSettings.SCRIPTED_PROVIDER)) return Optional.empty();
    return connections.find(tenantId, name);
  }
}
