package dev.parley.application.usecase.tenant;

import dev.parley.application.policy.ApiKeys;
import dev.parley.application.port.in.EnsureDevelopmentTenantUseCase;
import dev.parley.application.port.out.TenantRepository;
import java.util.UUID;

/** Use case: make sure a development tenant answers to the given key (idempotent across restarts). */
public final class EnsureDevelopmentTenant implements EnsureDevelopmentTenantUseCase {
  private final TenantRepository tenants;
  private final CreateTenant createTenant;

  public EnsureDevelopmentTenant(TenantRepository tenants, CreateTenant createTenant) {
    this.tenants = tenants;
    this.createTenant = createTenant;
  }

  @Override
  public UUID ensure(String apiKey) {
    return tenants.tenantForKeyHash(ApiKeys.hash(apiKey))
        .orElseGet(() -> createTenant.create("development", apiKey).tenant().id());
  }
}
