package dev.parley.application.port.out;

import dev.parley.domain.provider.ProviderConnection;
import java.util.List;

/**
 * Where one agent's model calls go: the agent's provider connection and model first, then its fallbacks in order.
 * Empty for a scripted agent. Connections carry their secrets in clear: a route lives for one turn, never stored.
 */
public record ModelRoute(List<Target> targets) {
  public static final ModelRoute NONE = new ModelRoute(List.of());

  /** A connection and the model to ask there (null: the connection's default model). */
  public record Target(ProviderConnection connection, String model) {
    public String provider() {
      return connection.name();
    }

    @Override
    public String toString() {
      return connection.name() + "/" + (model == null ? "(default)" : model);
    }
  }

  public ModelRoute {
    targets = targets == null ? List.of() : List.copyOf(targets);
  }

  public boolean isEmpty() {
    return targets.isEmpty();
  }
}
