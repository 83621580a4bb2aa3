package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.TenantRepository;
import dev.parley.application.policy.ApiKeyScope;
import dev.parley.domain.session.Message;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Tenants, API key hashes and end users in PostgreSQL. Every request authenticates its key and many read their
 * tenant, so both are cached (a key that matched nothing, briefly too); a revoked key or a changed tenant is evicted
 * on every instance (see {@link CacheInvalidations}).
 */
@Singleton
public class JdbcTenantRepository implements TenantRepository {
  private static final String KEYS = "api-keys";
  private static final String TENANTS = "tenants";
  private final TenantRows tenantRows;
  private final Jdbc jdbc;
  private final CacheInvalidations invalidations;
  private final ReadThroughCache<String, KeyGrant> grantByKeyHash;
  private final ReadThroughCache<String, Tenant> tenants;

  /** {@code failedKeyTtl}: how long a key hash that matched no key is answered "no tenant" without a query. */
  public JdbcTenantRepository(TenantRows tenantRows, Jdbc jdbc, CacheInvalidations invalidations,
                              @Value("${parley.cache.failed-key-ttl:10s}") Duration failedKeyTtl) {
    this.tenantRows = tenantRows;
    this.jdbc = jdbc;
    this.invalidations = invalidations;
    this.grantByKeyHash = invalidations.register(KEYS, failedKeyTtl);
    this.tenants = invalidations.register(TENANTS);
  }

  @Override
  public void insertTenant(Tenant t) {
    tenantRows.save(new TenantRow(t.id(), t.name(), t.defaultAgentId(), t.createdAt()));
  }

  @Override
  public Optional<Tenant> findTenant(UUID tenantId) {
    return tenants.get(tenantId.toString(),
        k -> tenantRows.findById(tenantId).map(r -> new Tenant(r.id(), r.name(), r.defaultAgentId(), r.createdAt())));
  }

  @Override
  public void setDefaultAgent(UUID tenantId, UUID agentId) {
    tenantRows.updateDefaultAgentId(tenantId, agentId);
    invalidations.invalidate(TENANTS, tenantId.toString());
  }

  @Override
  public void insertApiKey(ApiKey key, byte[] keyHash) {
    Message.Author operator = key.operator();
    jdbc.update("INSERT INTO api_keys (tenant_id, id, key_hash, label, created_at, scope, operator_id, operator_name) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", key.tenantId(), key.id(), keyHash, key.label(), key.createdAt(),
        key.scope().wireName(), operator == null ? null : operator.id(), operator == null ? null : operator.name());
    invalidations.invalidate(KEYS, HexFormat.of().formatHex(keyHash)); // a failed lookup of it may be remembered
  }

  @Override
  public Optional<KeyGrant> grantForKeyHash(byte[] keyHash) {
    return grantByKeyHash.get(HexFormat.of().formatHex(keyHash),
        k -> jdbc.queryOne("SELECT tenant_id, id, scope, operator_id, operator_name FROM api_keys "
                + "WHERE key_hash = ? AND revoked_at IS NULL",
            rs -> new KeyGrant(Jdbc.uuid(rs, "tenant_id"), Jdbc.uuid(rs, "id"), scope(rs), operator(rs)), (Object) keyHash));
  }

  @Override
  public Optional<KeyGrant> cachedGrantForKeyHash(byte[] keyHash) {
    return grantByKeyHash.peek(HexFormat.of().formatHex(keyHash));
  }

  @Override
  public boolean revokeApiKey(UUID tenantId, UUID keyId, Instant now) {
    Optional<byte[]> revoked = jdbc.queryOne("UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) "
        + "WHERE tenant_id = ? AND id = ? RETURNING key_hash", rs -> rs.getBytes("key_hash"), now, tenantId, keyId);
    revoked.ifPresent(hash -> invalidations.invalidate(KEYS, HexFormat.of().formatHex(hash)));
    return revoked.isPresent();
  }

  @Override
  public List<ApiKey> listApiKeys(UUID tenantId) {
    return jdbc.query("SELECT id, tenant_id, label, created_at, revoked_at, scope, operator_id, operator_name FROM api_keys "
            + "WHERE tenant_id = ? ORDER BY created_at, id",
        rs -> new ApiKey(Jdbc.uuid(rs, "id"), Jdbc.uuid(rs, "tenant_id"), rs.getString("label"),
            Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "revoked_at"), scope(rs), operator(rs)), tenantId);
  }

  private static ApiKeyScope scope(ResultSet rs) throws SQLException {
    return ApiKeyScope.valueOf(rs.getString("scope").toUpperCase(Locale.ROOT));
  }

  private static Message.Author operator(ResultSet rs) throws SQLException {
    String name = rs.getString("operator_name");
    return name == null ? null : new Message.Author(rs.getString("operator_id"), name);
  }

  @Override
  public boolean ensureUser(UUID tenantId, String userId, Instant now) {
    return jdbc.update("INSERT INTO users (tenant_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        tenantId, userId, now) == 1;
  }

  @Override
  public boolean setRetentionDays(UUID tenantId, Integer days) {
    return jdbc.update("UPDATE tenants SET retention_days = CAST(? AS integer) WHERE id = ?", days, tenantId) == 1;
  }
}
