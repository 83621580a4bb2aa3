package dev.parley.application.port.in;

import dev.parley.application.port.out.TenantRepository.KeyGrant;
import java.util.UUID;

/**
 * Inbound port: which tenant an API key belongs to, and what it may do there. Implemented by
 * {@code usecase.tenant.AuthenticateApiKey}.
 */
public interface AuthenticateApiKeyUseCase {
  /**
   * The tenant of an admin-scoped key. For the vendor socket, which has no routes to scope: it opens, ends and writes
   * to chats, so it takes only a key that may do everything.
   */
  UUID tenantFor(String apiKey);

  /** What a key grants, for a caller that hashed the trimmed key already (the API filter also buckets rate limits by it). */
  KeyGrant grantFor(String apiKey, byte[] keyHash);

  /**
   * What a key grants when that is known without any I/O (a cached grant); empty when only {@link #grantFor} can
   * tell, the key being valid or not. Lets the API filter settle a known key on the event loop.
   */
  java.util.Optional<KeyGrant> knownGrant(byte[] keyHash);
}
