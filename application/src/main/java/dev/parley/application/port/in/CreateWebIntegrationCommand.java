package dev.parley.application.port.in;

import dev.parley.domain.agent.ToolDefinition;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Inbound port: a new web integration for an agent. {@code allowWebChat} absent means enabled. */
public record CreateWebIntegrationCommand(UUID tenantId, UUID agentId, Boolean allowWebChat, List<String> allowedOrigins,
                                          Instant expiresAt, List<ToolDefinition> clientTools) {}
