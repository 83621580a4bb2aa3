package dev.parley.application.port.in;

import dev.parley.application.port.out.TenantRepository.ApiKey;
import java.util.List;
import java.util.UUID;

/**
 * Inbound port: issue, list and revoke a tenant's API keys. Implemented by {@code usecase.tenant.ManageApiKeys}.
 */
public interface ManageApiKeysUseCase {
  record IssuedKey(ApiKey key, String secret) {}

  IssuedKey issue(UUID tenantId, String label);

  List<ApiKey> list(UUID tenantId);

  void revoke(UUID tenantId, UUID keyId);
}
