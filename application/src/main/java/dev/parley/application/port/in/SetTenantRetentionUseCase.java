package dev.parley.application.port.in;

import java.util.UUID;

/**
 * Inbound port: how many days a tenant's ended chats are kept before the sweeper erases them (null: default).
 * Implemented by {@code usecase.tenant.SetTenantRetention}.
 */
public interface SetTenantRetentionUseCase {
  int MAX_DAYS = 36_500;

  Integer set(UUID tenantId, Integer days);
}
