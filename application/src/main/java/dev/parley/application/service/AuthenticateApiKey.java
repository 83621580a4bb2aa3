package dev.parley.application.service;

import dev.parley.application.error.UnauthorizedException;
import dev.parley.application.port.out.TenantRepository;
import java.util.UUID;

/** Use case: which tenant an API key belongs to. The key is hashed; only hashes are looked up and stored. */
public final class AuthenticateApiKey {
  private final TenantRepository tenants;

  public AuthenticateApiKey(TenantRepository tenants) {
    this.tenants = tenants;
  }

  public UUID tenantFor(String apiKey) {
    if (apiKey == null || apiKey.isBlank()) throw new UnauthorizedException("an API key is required (X-API-Key or Authorization: Bearer)");
    if (apiKey.length() > 512) throw new UnauthorizedException("the API key is not valid");
    return tenants.tenantForKeyHash(ApiKeys.hash(apiKey.trim()))
        .orElseThrow(() -> new UnauthorizedException("the API key is not valid"));
  }
}
