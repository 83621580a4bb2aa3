package dev.parley.adapter.in.rest.webintegration;

import io.swagger.v3.oas.annotations.media.Schema;
import dev.parley.domain.webchat.WebIntegration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A web integration as listed: never its token (only a hash of it is stored). */
@Serdeable(naming = SnakeCaseStrategy.class)
public record WebIntegrationResponse(String id, String agentId, boolean allowWebChat, List<String> allowedOrigins,
                                     @Nullable Instant expiresAt, List<ClientTool> clientTools, Instant createdAt,
                                     @Nullable Instant revokedAt) {

  /** A client tool: what the model sees; the browser runs it. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record ClientTool(String name, String description, @Schema(description = "Any JSON values by name", additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> parameters) {}

  public static WebIntegrationResponse from(WebIntegration w) {
    return new WebIntegrationResponse(w.id().toString(), w.agentId().toString(), w.allowWebChat(), w.allowedOrigins(),
        w.expiresAt(), tools(w), w.createdAt(), w.revokedAt());
  }

  static List<ClientTool> tools(WebIntegration w) {
    return w.clientTools().stream().map(t -> new ClientTool(t.name(), t.description(), t.parameters())).toList();
  }
}
