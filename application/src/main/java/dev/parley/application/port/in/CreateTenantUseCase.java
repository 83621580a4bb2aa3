package dev.parley.application.port.in;

import dev.parley.application.port.out.TenantRepository;

/**
 * Inbound port: create a tenant with its first API key and its default scripted agent. Implemented by {@code
 * usecase.tenant.CreateTenant}.
 */
public interface CreateTenantUseCase {
  /** The new tenant and its API key, shown this once. */
  record CreatedTenant(TenantRepository.Tenant tenant, String apiKey) {}

  CreatedTenant create(String name);

  /** Creates a tenant whose first key is given (the development tenant's fixed key). */
  CreatedTenant create(String name, String apiKey);
}
