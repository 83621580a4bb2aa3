package dev.parley.application.port.in;

import java.util.UUID;

/**
 * Inbound port: make sure a development tenant answers to the given key (idempotent across restarts). Implemented
 * by {@code usecase.tenant.EnsureDevelopmentTenant}.
 */
public interface EnsureDevelopmentTenantUseCase {
  UUID ensure(String apiKey);
}
