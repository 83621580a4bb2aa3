package dev.parley.adapter.in.rest.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.provider.ModelPrice;
import dev.parley.domain.provider.ProviderConnection;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** A provider connection as clients send it. {@code api_key} and {@code headers} are write-only secrets. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
@Schema(nullable = true)
public record ProviderRequest(
    @Schema(description = "1-63 of a-z 0-9 - _; scripted and openai are reserved. Agents name the connection in model.provider") @Nullable String name,
    @Schema(description = "The wire format: openai (Chat Completions at {base_url}/chat/completions) or anthropic (the Messages API at {base_url}/v1/messages)", defaultValue = "openai", allowableValues = {"openai", "anthropic"}) @Nullable String kind,
    @Schema(description = "The API's base URL, e.g. https://api.openai.com/v1; it must pass the server's outbound address policy") @Nullable String baseUrl,
    @Schema(description = "Write-only; sent as a bearer token (openai) or in x-api-key (anthropic). Left out on a replace: the stored key is kept") @Nullable String apiKey,
    @Nullable String defaultModel,
    @Schema(description = "Write-only header values sent with every call. Left out on a replace: the stored ones are kept", additionalProperties = Schema.AdditionalPropertiesValue.TRUE) @Nullable Map<String, String> headers,
    @Schema(description = "Per-model prices (per million tokens, in the tenant's currency) by model name", additionalProperties = Schema.AdditionalPropertiesValue.TRUE) @Nullable Map<String, Price> prices,
    @Schema(description = "Retries of a failed call (429, 5xx, I/O) before a fallback is tried; the server's default when left out") @Nullable Integer maxRetries) {

  /** The prices of one model, per million tokens. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Price(@Nullable BigDecimal inputPerMillion, @Nullable BigDecimal outputPerMillion,
                      @Nullable BigDecimal cachedInputPerMillion) {}

  ProviderConnection toDraft(String pathName) {
    if (pathName != null && name != null && !name.equals(pathName))
      throw new InvalidValueException("name", "name cannot change (it is '" + pathName + "'); create a new connection instead");
    Map<String, ModelPrice> modelPrices = new LinkedHashMap<>();
    if (prices != null) prices.forEach((model, p) -> {
      if (p == null) throw new InvalidValueException("prices", "prices." + model + " must not be null");
      modelPrices.put(model, new ModelPrice(p.inputPerMillion(), p.outputPerMillion(), p.cachedInputPerMillion()));
    });
    return new ProviderConnection(null, null, pathName != null ? pathName : name, ProviderConnection.Kind.parse(kind),
        baseUrl, apiKey, defaultModel, headers, modelPrices, maxRetries, null, null);
  }
}
