package dev.parley.application.usecase.tenant;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.policy.ApiKeyScope;
import dev.parley.application.policy.ApiKeys;
import dev.parley.application.port.in.ManageApiKeysUseCase;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.application.port.out.TenantRepository.ApiKey;
import java.util.List;
import java.util.UUID;

/** Use case: issue, list and revoke a tenant's API keys (the operator API, or the tenant with an admin key). */
public final class ManageApiKeys implements ManageApiKeysUseCase {
  private final TenantRepository tenants;
  private final Clock clock;
  private final IdGenerator ids;

  public ManageApiKeys(TenantRepository tenants, Clock clock, IdGenerator ids) {
    this.tenants = tenants;
    this.clock = clock;
    this.ids = ids;
  }

  @Override
  public IssuedKey issue(UUID tenantId, IssueKeyCommand command) {
    tenants.findTenant(tenantId).orElseThrow(() -> new NotFoundException("tenant", tenantId));
    String secret = ApiKeys.newKey();
    ApiKey key = new ApiKey(ids.newId(), tenantId, command.label(), clock.now(), null, command.scope(), command.operator());
    tenants.insertApiKey(key, ApiKeys.hash(secret));
    return new IssuedKey(key, secret);
  }

  @Override
  public List<ApiKey> list(UUID tenantId) {
    tenants.findTenant(tenantId).orElseThrow(() -> new NotFoundException("tenant", tenantId));
    return tenants.listApiKeys(tenantId);
  }

  @Override
  public void revoke(UUID tenantId, UUID keyId) {
    if (!tenants.revokeApiKey(tenantId, keyId, clock.now())) throw new NotFoundException("api key", keyId);
  }
}
