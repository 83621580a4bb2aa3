package dev.parley.application.usecase.tenant;

import dev.parley.application.error.UnauthorizedException;
import dev.parley.application.policy.ApiKeyScope;
import dev.parley.application.policy.ApiKeys;
import dev.parley.application.port.in.AuthenticateApiKeyUseCase;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.application.port.out.TenantRepository.KeyGrant;
import java.util.UUID;

/** Use case: which tenant an API key belongs to and its scope. The key is hashed; only hashes are looked up and stored. */
public final class AuthenticateApiKey implements AuthenticateApiKeyUseCase {
  private final TenantRepository tenants;

  public AuthenticateApiKey(TenantRepository tenants) {
    this.tenants = tenants;
  }

  @Override
  public UUID tenantFor(String apiKey) {
    KeyGrant grant = grantFor(apiKey, apiKey == null ? null : ApiKeys.hash(apiKey.trim()));
    if (grant.scope() != ApiKeyScope.ADMIN)
      throw new UnauthorizedException("this API key has scope " + grant.scope().wireName() + "; the vendor socket takes an admin key");
    return grant.tenantId();
  }

  @Override
  public KeyGrant grantFor(String apiKey, byte[] keyHash) {
    if (apiKey == null || apiKey.isBlank()) throw new UnauthorizedException("an API key is required (X-API-Key or Authorization: Bearer)");
    if (apiKey.length() > 512) throw new UnauthorizedException("the API key is not valid");
    return tenants.grantForKeyHash(keyHash)
        .orElseThrow(() -> new UnauthorizedException("the API key is not valid"));
  }

  @Override
  public java.util.Optional<KeyGrant> knownGrant(byte[] keyHash) {
    return keyHash == null ? java.util.Optional.empty() : tenants.cachedGrantForKeyHash(keyHash);
  }
}
