package dev.parley.adapter.in.rest.apikey;

import dev.parley.application.port.out.TenantRepository.ApiKey;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** An API key's public view; {@code apiKey}, its value, only in the answer that created it. */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(name = "ApiKey")
public record ApiKeyView(String id, String label, Instant createdAt, @Nullable Instant revokedAt,
                         @Schema(allowableValues = {"admin", "operator", "read"}) String scope,
                         @Nullable CreateApiKeyRequest.KeyOperator operator, @Nullable String apiKey) {
  public static ApiKeyView of(ApiKey k, @Nullable String secret) {
    return new ApiKeyView(k.id().toString(), k.label(), k.createdAt(), k.revokedAt(), k.scope().wireName(),
        k.operator() == null ? null : new CreateApiKeyRequest.KeyOperator(k.operator().id(), k.operator().name()), secret);
  }
}
