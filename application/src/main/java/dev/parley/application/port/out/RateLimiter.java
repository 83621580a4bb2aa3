package dev.parley.application.port.out;

import dev.parley.application.policy.ApiKeys;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Outbound port: token buckets per caller that shed load, one set per {@link Budget}. One instance serves the REST
 * API and both sockets, so a caller has one budget whichever way it talks. Callers are {@code key:<sha256>} for an
 * API key, {@code addr:<ip>} for a client address and {@code web:<id>} for a web integration. Per instance and in
 * memory on purpose: it sheds load, it is not billing.
 */
public interface RateLimiter {
  /** What a token pays for; each budget has its own rate ({@code parley.rate-limit.*}). */
  enum Budget {
    /** REST requests per API key, and socket chat messages (per key on /ws/chat, per address on webCall). */
    REQUESTS,
    /** Missing or wrong credentials (API key, operator key, web token) per client address. */
    FAILED_CREDENTIALS,
    /** Operator API requests per client address. */
    ADMIN,
    /** webCall chat opens ({@code initialize}) per client address. */
    CHAT_OPENS_PER_ADDRESS,
    /** webCall chat opens per web integration: a public token serves every visitor of a site. */
    CHAT_OPENS_PER_TOKEN
  }

  /** Takes a token: zero when the call may go on, else the seconds to wait before retrying. */
  long acquire(Budget budget, String caller);

  /** The seconds until {@code caller} has a token in {@code budget} (zero: it has one now); takes none. */
  long retryAfter(Budget budget, String caller);

  /** {@link Budget#REQUESTS}, the budget of REST requests and socket chat messages. */
  default long acquire(String caller) {
    return acquire(Budget.REQUESTS, caller);
  }

  /** The caller name of an API key: the same bucket for REST requests and socket messages. */
  static String forApiKey(String apiKey) {
    return forApiKeyHash(ApiKeys.hash(apiKey.trim()));
  }

  /** {@link #forApiKey} for a caller that has the key's SHA-256 already (the REST filter hashes it once). */
  static String forApiKeyHash(byte[] keyHash) {
    return "key:" + HexFormat.of().formatHex(keyHash);
  }

  /** The caller name of a client known only by its address. */
  static String forAddress(String address) {
    return "addr:" + address;
  }

  /** The caller name of a web integration (its public token's chat opens). */
  static String forWebIntegration(UUID integrationId) {
    return "web:" + integrationId;
  }
}
