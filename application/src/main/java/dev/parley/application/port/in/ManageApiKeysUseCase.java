package dev.parley.application.port.in;

import dev.parley.application.policy.ApiKeyScope;
import dev.parley.application.port.out.TenantRepository.ApiKey;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.Message;
import java.util.List;
import java.util.UUID;

/**
 * Inbound port: issue, list and revoke a tenant's API keys (by the operator, or by the tenant with an admin key).
 * Implemented by {@code usecase.tenant.ManageApiKeys}.
 */
public interface ManageApiKeysUseCase {
  record IssuedKey(ApiKey key, String secret) {}

  /**
   * What a new key is: a label (null: none; at most {@value #MAX_LABEL_CHARS} characters), a scope (null: admin) and,
   * for an operator key only, the person it speaks as. Refused at construction otherwise.
   */
  record IssueKeyCommand(String label, ApiKeyScope scope, Message.Author operator) {
    public static final int MAX_LABEL_CHARS = 200;

    public IssueKeyCommand {
      label = label == null ? "" : label;
      if (label.length() > MAX_LABEL_CHARS)
        throw new InvalidValueException("label", "label must be at most " + MAX_LABEL_CHARS + " characters");
      scope = scope == null ? ApiKeyScope.ADMIN : scope;
      // only an operator key speaks as a person: an admin or read key naming one would promise what it does not do
      if (operator != null && scope != ApiKeyScope.OPERATOR)
        throw new InvalidValueException("operator", "operator is only for keys of scope operator");
    }
  }

  IssuedKey issue(UUID tenantId, IssueKeyCommand command);

  List<ApiKey> list(UUID tenantId);

  void revoke(UUID tenantId, UUID keyId);
}
