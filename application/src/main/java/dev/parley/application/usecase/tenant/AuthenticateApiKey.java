package dev.parley.application.usecase.tenant;

import dev.parley.application.error.UnauthorizedException;
import dev.parley.application.policy.ApiKeys;
import dev.parley.application.port.in.AuthenticateApiKeyUseCase;
import dev.parley.application.port.out.TenantRepository;
import java.util.UUID;

/** Use case: which tenant an API key belongs to. The key is hashed; only hashes are looked up and stored. */
public final class AuthenticateApiKey implements AuthenticateApiKeyUseCase {
  private final TenantRepository tenants;

  public AuthenticateApiKey(TenantRepository tenants) {
    this.tenants = tenants;
  }

  @Override
  public UUID tenantFor(String apiKey) {
    return tenantFor(apiKey, apiKey == null ? null : ApiKeys.hash(apiKey.trim()));
  }

  /** The same for a caller that hashed the trimmed key already (the API filter also buckets rate limits by it). */
  @Override
  public UUID tenantFor(String apiKey, byte[] keyHash) {
    if (apiKey == null || apiKey.isBlank()) throw new UnauthorizedException("an API key is required (X-API-Key or Authorization: Bearer)");
    if (apiKey.length() > 512) throw new UnauthorizedException("the API key is not valid");
    return tenants.tenantForKeyHash(keyHash)
        .orElseThrow(() -> new UnauthorizedException("the API key is not valid"));
  }
}
