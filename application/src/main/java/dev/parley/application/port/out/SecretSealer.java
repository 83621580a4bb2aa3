package dev.parley.application.port.out;

import java.util.UUID;

/**
 * Outbound port: encrypts secrets a tenant gives (provider API keys, headers) for storage. {@code context} binds a
 * sealed value to its place (for example the connection and field): a value copied elsewhere does not open.
 */
public interface SecretSealer {
  String seal(UUID tenantId, String context, String secret);

  /** Throws {@link IllegalStateException} when the value cannot be opened with the configured keys. */
  String open(UUID tenantId, String context, String sealed);
}
