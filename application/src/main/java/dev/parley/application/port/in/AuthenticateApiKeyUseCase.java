package dev.parley.application.port.in;

import java.util.UUID;

/**
 * Inbound port: which tenant an API key belongs to. Implemented by {@code usecase.tenant.AuthenticateApiKey}.
 */
public interface AuthenticateApiKeyUseCase {
  UUID tenantFor(String apiKey);

  /** The same for a caller that hashed the trimmed key already (the API filter also buckets rate limits by it). */
  UUID tenantFor(String apiKey, byte[] keyHash);
}
