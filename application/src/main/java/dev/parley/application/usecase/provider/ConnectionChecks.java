package dev.parley.application.usecase.provider;

import dev.parley.application.port.out.OutboundUrlPolicy;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.provider.ProviderConnection;

/** What a new or replaced connection must satisfy beyond its own shape: a free name and a base URL this server calls. */
final class ConnectionChecks {
  private ConnectionChecks() {}

  static void check(OutboundUrlPolicy urls, ProviderConnection connection) {
    if (ProviderConnection.RESERVED.contains(connection.name()))
      throw new InvalidValueException("name", "name '" + connection.name() + "' is reserved for a built-in provider");
    if (!urls.permits(connection.baseUrl()))
      throw new InvalidValueException("base_url", "base_url is not allowed: this server does not call that address");
  }
}
