package dev.parley.adapter.in.rest.webintegration;

import dev.parley.domain.webchat.WebIntegration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.List;

/** The answer to creating a web integration: the one time its token is shown. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record CreatedWebIntegrationResponse(String id, String token, String agentId, boolean allowWebChat,
                                            List<String> allowedOrigins, @Nullable Instant expiresAt,
                                            List<WebIntegrationResponse.ClientTool> clientTools, Instant createdAt) {

  public static CreatedWebIntegrationResponse from(WebIntegration w, String token) {
    return new CreatedWebIntegrationResponse(w.id().toString(), token, w.agentId().toString(), w.allowWebChat(),
        w.allowedOrigins(), w.expiresAt(), WebIntegrationResponse.tools(w), w.createdAt());
  }
}
