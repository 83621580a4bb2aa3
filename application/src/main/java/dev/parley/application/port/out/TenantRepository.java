package dev.parley.application.port.out;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Outbound port: tenants, their API keys (stored as SHA-256 hashes only) and their users. */
public interface TenantRepository {
  record Tenant(UUID id, String name, UUID defaultAgentId, Instant createdAt) {}

  record ApiKey(UUID id, UUID tenantId, String label, Instant createdAt, Instant revokedAt) {}

  void insertTenant(Tenant tenant);

  Optional<Tenant> findTenant(UUID tenantId);

  void setDefaultAgent(UUID tenantId, UUID agentId);

  void insertApiKey(ApiKey key, byte[] keyHash);

  /** The tenant owning an unrevoked key with this hash. */
  Optional<UUID> tenantForKeyHash(byte[] keyHash);

  boolean revokeApiKey(UUID tenantId, UUID keyId, Instant now);

  java.util.List<ApiKey> listApiKeys(UUID tenantId);

  /** Creates the end user on first use; answers true when this call created it. */
  boolean ensureUser(UUID tenantId, String userId, Instant now);

  /** Sets how many days the tenant's ended chats are kept (null: the configured default); false for no such tenant. */
  boolean setRetentionDays(UUID tenantId, Integer days);
}
