package dev.parley.adapter.in.rest.provider;

import dev.parley.application.policy.WireNames;
import dev.parley.domain.provider.ProviderConnection;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A provider connection as the API shows it: never the key nor header values, only whether they are set. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ProviderResponse(String id, String name, String kind, String baseUrl, @Nullable String defaultModel,
                               boolean hasApiKey, @Schema(description = "The names of the headers set (their values are write-only)") List<String> headerNames,
                               @Schema(additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, ProviderRequest.Price> prices,
                               @Nullable Integer maxRetries, Instant createdAt, Instant updatedAt) {

  static ProviderResponse from(ProviderConnection c) {
    Map<String, ProviderRequest.Price> prices = new LinkedHashMap<>();
    c.prices().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> prices.put(e.getKey(),
        new ProviderRequest.Price(e.getValue().inputPerMillion(), e.getValue().outputPerMillion(), e.getValue().cachedInputPerMillion())));
    return new ProviderResponse(c.id().toString(), c.name(), WireNames.of(c.kind()), c.baseUrl(), c.defaultModel(),
        c.apiKey() != null, c.headers().keySet().stream().sorted().toList(), prices, c.maxRetries(), c.createdAt(), c.updatedAt());
  }
}
