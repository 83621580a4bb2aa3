package dev.parley.domain.session;

import dev.parley.domain.common.CanonicalJson;
import dev.parley.domain.common.Sha256;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The outside party a session talks to: channel plus the channel's external id (for SMS: from, to, provider).
 * Two opens with the same canonical form reach the same active session. An absent or empty external id is no
 * endpoint at all and never dedupes.
 */
public record ExternalEndpoint(String channel, Object externalId, String canonicalForm, byte[] hash) {

  public static Optional<ExternalEndpoint> of(String channel, Object externalId) {
    if (isEmpty(externalId)) return Optional.empty();
    String canonical = (channel == null ? "" : channel) + "|" + CanonicalJson.write(externalId);
    return Optional.of(new ExternalEndpoint(channel, externalId, canonical, Sha256.of(canonical)));
  }

  private static boolean isEmpty(Object value) {
    if (value == null) return true;
    if (value instanceof String s) return s.isBlank();
    if (value instanceof Map<?, ?> m) return m.isEmpty();
    if (value instanceof Collection<?> c) return c.isEmpty();
    return false;
  }
}
