package dev.parley.adapter.in.rest.webintegration;

import dev.parley.adapter.in.rest.agent.AgentDocumentDto;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.common.InvalidValueException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** A new web integration as clients send it; client tools are declared like the agent's tools, without webhook. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record CreateWebIntegrationRequest(@Nullable Boolean allowWebChat, @Nullable List<String> allowedOrigins,
                                          @Nullable String expiresAt, @Nullable List<AgentDocumentDto.Tool> clientTools) {

  public Instant expiresAtInstant() {
    if (expiresAt == null || expiresAt.isBlank()) return null;
    try {
      return OffsetDateTime.parse(expiresAt.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidValueException("expires_at", "expires_at must be an ISO-8601 date-time with an offset, e.g. 2030-01-31T12:00:00Z");
    }
  }

  public List<ToolDefinition> clientToolDefinitions() {
    if (clientTools == null) return List.of();
    return clientTools.stream().map(t -> {
      if (t == null) throw new InvalidValueException("client_tools", "client_tools must not contain null");
      if (t.webhook() != null)
        throw new InvalidValueException("client_tools.webhook", "client tool '" + t.name() + "' runs in the browser and takes no webhook");
      return new ToolDefinition(t.name(), t.description(), t.parameters(), null);
    }).toList();
  }
}
