package dev.parley.application.port.out;

import dev.parley.domain.webchat.WebIntegration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outbound port: web integrations of a tenant's agents; tokens are kept only as SHA-256 hashes. */
public interface WebIntegrationRepository {
  void insert(WebIntegration integration, byte[] tokenHash);

  /** The agent's integrations, revoked ones included, oldest first. */
  List<WebIntegration> list(UUID tenantId, UUID agentId);

  /** The integration whose token has this hash, revoked or expired ones included (the caller decides). */
  Optional<WebIntegration> findByTokenHash(byte[] tokenHash);

  /** Marks the integration revoked (keeping the first revocation time); false if the agent has no such integration. */
  boolean revoke(UUID tenantId, UUID agentId, UUID integrationId, Instant now);
}
