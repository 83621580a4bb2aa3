package dev.parley.application.port.out;

import dev.parley.application.error.InvalidStateException;
import java.util.UUID;

/**
 * Outbound port: turns a stateless conversation's state into an opaque, authenticated-encrypted token for the
 * client to carry, and back. Opening checks everything the token can vouch for by itself (integrity, the
 * tenant it was issued to, its key, its age); the use case checks the rest against the request.
 */
public interface StateSealer {

  String seal(StatelessState state);

  /**
   * Opens a token for {@code tenantId}.
   *
   * @throws InvalidStateException when the token is malformed, altered, truncated, issued to another tenant,
   *     sealed with a key this server no longer holds, or older than the configured lifetime
   */
  StatelessState open(String token, UUID tenantId);
}
