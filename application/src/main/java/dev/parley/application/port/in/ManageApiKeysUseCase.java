package dev.parley.application.port.in;

import dev.parley.application.policy.ApiKeyScope;
import dev.parley.application.port.out.TenantRepository.ApiKey;
import dev.parley.domain.session.Message;
import java.util.List;
import java.util.UUID;

/**
 * Inbound port: issue, list and revoke a tenant's API keys (by the operator, or by the tenant with an admin key).
 * Implemented by {@code usecase.tenant.ManageApiKeys}.
 */
public interface ManageApiKeysUseCase {
  record IssuedKey(ApiKey key, String secret) {}

  /** What a new key is: a label, a scope (null: admin) and, for an operator key only, the person it speaks as. */
  record IssueKeyCommand(String label, ApiKeyScope scope, Message.Author operator) {}

  IssuedKey issue(UUID tenantId, IssueKeyCommand command);

  List<ApiKey> list(UUID tenantId);

  void revoke(UUID tenantId, UUID keyId);
}
