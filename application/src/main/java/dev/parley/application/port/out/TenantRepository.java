package dev.parley.application.port.out;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Outbound port: tenants, their API keys (stored as SHA-256 hashes only) and their users. */
public interface TenantRepository {
  record Tenant(UUID id, String name, UUID defaultAgentId, Instant createdAt) {}

  /** A key's public record; {@code operator} is the person an operator key speaks as (null: none). */
  record ApiKey(UUID id, UUID tenantId, String label, Instant createdAt, Instant revokedAt,
                dev.parley.application.policy.ApiKeyScope scope, dev.parley.domain.session.Message.Author operator) {
    /** A key from before scopes: admin, no operator identity. */
    public ApiKey(UUID id, UUID tenantId, String label, Instant createdAt, Instant revokedAt) {
      this(id, tenantId, label, createdAt, revokedAt, dev.parley.application.policy.ApiKeyScope.ADMIN, null);
    }
  }

  /** What an unrevoked key grants: its tenant, its scope and the operator it speaks as (null: none). */
  record KeyGrant(UUID tenantId, UUID keyId, dev.parley.application.policy.ApiKeyScope scope,
                  dev.parley.domain.session.Message.Author operator) {}

  void insertTenant(Tenant tenant);

  Optional<Tenant> findTenant(UUID tenantId);

  void setDefaultAgent(UUID tenantId, UUID agentId);

  void insertApiKey(ApiKey key, byte[] keyHash);

  /** The tenant owning an unrevoked key with this hash. */
  default Optional<UUID> tenantForKeyHash(byte[] keyHash) {
    return grantForKeyHash(keyHash).map(KeyGrant::tenantId);
  }

  /** What an unrevoked key with this hash grants. */
  Optional<KeyGrant> grantForKeyHash(byte[] keyHash);

  /**
   * The same answer when it is held in memory and trusted (never a database read, so callable on an event loop);
   * empty when a lookup is needed. Only ever answers present for a key that {@link #grantForKeyHash} would grant.
   */
  default Optional<KeyGrant> cachedGrantForKeyHash(byte[] keyHash) {
    return Optional.empty();
  }

  boolean revokeApiKey(UUID tenantId, UUID keyId, Instant now);

  java.util.List<ApiKey> listApiKeys(UUID tenantId);

  /** Creates the end user on first use; answers true when this call created it. */
  boolean ensureUser(UUID tenantId, String userId, Instant now);

  /** Sets how many days the tenant's ended chats are kept (null: the configured default); false for no such tenant. */
  boolean setRetentionDays(UUID tenantId, Integer days);
}
