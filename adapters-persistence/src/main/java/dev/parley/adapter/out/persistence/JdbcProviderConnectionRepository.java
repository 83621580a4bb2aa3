package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.ProviderConnectionRepository;
import dev.parley.application.port.out.SecretSealer;
import dev.parley.domain.provider.ModelPrice;
import dev.parley.domain.provider.ProviderConnection;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Provider connections in PostgreSQL (table from V8). The API key and header values are sealed before they are
 * written, each bound to its tenant, connection and field, so the table never holds a secret in clear.
 */
@Singleton
public class JdbcProviderConnectionRepository implements ProviderConnectionRepository {
  private static final String COLUMNS = "tenant_id, id, name, kind, base_url, api_key, default_model, headers, prices, "
      + "max_retries, created_at, updated_at";

  private final Jdbc jdbc;
  private final JsonColumns json;
  private final SecretSealer sealer;

  public JdbcProviderConnectionRepository(Jdbc jdbc, JsonColumns json, SecretSealer sealer) {
    this.jdbc = jdbc;
    this.json = json;
    this.sealer = sealer;
  }

  @Override
  public boolean insert(ProviderConnection c) {
    try {
      jdbc.update("INSERT INTO provider_connections (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)",
          c.tenantId(), c.id(), c.name(), StoredNames.of(c.kind()), c.baseUrl(), sealedKey(c), c.defaultModel(),
          json.write(sealedHeaders(c)), json.write(writePrices(c.prices())), c.maxRetries(), c.createdAt(), c.updatedAt());
      return true;
    } catch (RuntimeException e) {
      if (Jdbc.isUniqueViolation(e, "provider_connections_name")) return false;
      throw e;
    }
  }

  @Override
  public Optional<ProviderConnection> find(UUID tenantId, String name) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM provider_connections WHERE tenant_id = ? AND name = ?",
        this::connection, tenantId, name);
  }

  @Override
  public List<ProviderConnection> list(UUID tenantId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM provider_connections WHERE tenant_id = ? ORDER BY name",
        this::connection, tenantId);
  }

  @Override
  public boolean update(ProviderConnection c) {
    return jdbc.update("UPDATE provider_connections SET kind = ?, base_url = ?, api_key = ?, default_model = ?, "
            + "headers = ?::jsonb, prices = ?::jsonb, max_retries = ?, updated_at = ? WHERE tenant_id = ? AND name = ?",
        StoredNames.of(c.kind()), c.baseUrl(), sealedKey(c), c.defaultModel(), json.write(sealedHeaders(c)),
        json.write(writePrices(c.prices())), c.maxRetries(), c.updatedAt(), c.tenantId(), c.name()) == 1;
  }

  @Override
  public boolean delete(UUID tenantId, String name) {
    return jdbc.update("DELETE FROM provider_connections WHERE tenant_id = ? AND name = ?", tenantId, name) == 1;
  }

  @Override
  public List<UUID> agentsUsing(UUID tenantId, String name) {
    return jdbc.query("SELECT id FROM agents WHERE tenant_id = ? AND deleted_at IS NULL AND ("
            + "definition->'model'->>'provider' = ? "
            + "OR coalesce(definition->'model'->'fallbacks', '[]'::jsonb) @> jsonb_build_array(jsonb_build_object('provider', ?::text))) "
            + "ORDER BY created_at, id LIMIT 20",
        rs -> Jdbc.uuid(rs, "id"), tenantId, name, name);
  }

  private String sealedKey(ProviderConnection c) {
    return c.apiKey() == null ? null : sealer.seal(c.tenantId(), context(c.id(), "api_key"), c.apiKey());
  }

  private Map<String, String> sealedHeaders(ProviderConnection c) {
    Map<String, String> out = new LinkedHashMap<>();
    c.headers().forEach((name, value) -> out.put(name, sealer.seal(c.tenantId(), context(c.id(), "headers." + name), value)));
    return out;
  }

  private static String context(UUID connectionId, String field) {
    return "provider/" + connectionId + "/" + field;
  }

  private ProviderConnection connection(ResultSet rs) throws SQLException {
    UUID tenantId = Jdbc.uuid(rs, "tenant_id");
    UUID id = Jdbc.uuid(rs, "id");
    String sealedKey = rs.getString("api_key");
    Map<String, String> headers = new LinkedHashMap<>();
    json.readMap(rs.getString("headers")).forEach((name, sealed) ->
        headers.put(name, sealer.open(tenantId, context(id, "headers." + name), String.valueOf(sealed))));
    return new ProviderConnection(id, tenantId, rs.getString("name"), ProviderConnection.Kind.parse(rs.getString("kind")),
        rs.getString("base_url"), sealedKey == null ? null : sealer.open(tenantId, context(id, "api_key"), sealedKey),
        rs.getString("default_model"), headers, readPrices(json.readMap(rs.getString("prices"))),
        Jdbc.nullableInt(rs, "max_retries"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
  }

  /** Amounts as strings: a jsonb number would come back as a double and lose the exact price. */
  private static Map<String, Object> writePrices(Map<String, ModelPrice> prices) {
    Map<String, Object> out = new LinkedHashMap<>();
    prices.forEach((model, p) -> {
      Map<String, Object> price = new LinkedHashMap<>();
      price.put("input_per_million", p.inputPerMillion().toPlainString());
      price.put("output_per_million", p.outputPerMillion().toPlainString());
      if (p.cachedInputPerMillion() != null) price.put("cached_input_per_million", p.cachedInputPerMillion().toPlainString());
      out.put(model, price);
    });
    return out;
  }

  private static Map<String, ModelPrice> readPrices(Map<String, Object> stored) {
    Map<String, ModelPrice> out = new LinkedHashMap<>();
    stored.forEach((model, o) -> {
      if (o instanceof Map<?, ?> p)
        out.put(model, new ModelPrice(amount(p.get("input_per_million")), amount(p.get("output_per_million")),
            amount(p.get("cached_input_per_million"))));
    });
    return out;
  }

  private static BigDecimal amount(Object o) {
    return o == null ? null : new BigDecimal(o.toString());
  }
}
