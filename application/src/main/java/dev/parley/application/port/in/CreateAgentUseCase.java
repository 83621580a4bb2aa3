package dev.parley.application.port.in;

import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.AgentDefinition;
import java.util.UUID;

/**
 * Inbound port: define a new agent for a tenant. Implemented by {@code usecase.agent.CreateAgent}.
 */
public interface CreateAgentUseCase {
  Agent create(UUID tenantId, AgentDefinition definition);
}
