package dev.parley.application.port.in;

import dev.parley.domain.agent.ToolDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Inbound port: a new web integration for an agent. {@code allowWebChat} absent means enabled. The origins and tools
 * are checked by {@code WebIntegration} itself, and {@code expiresAt} against the clock by the use case.
 */
public record CreateWebIntegrationCommand(UUID tenantId, UUID agentId, Boolean allowWebChat, List<String> allowedOrigins,
                                          Instant expiresAt, List<ToolDefinition> clientTools) {
  public CreateWebIntegrationCommand {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(agentId, "agentId");
  }
}
