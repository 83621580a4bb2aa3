package dev.parley.application.port.in;

import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.AgentDefinition;
import java.util.UUID;

/**
 * Inbound port: replace an agent's definition. Implemented by {@code usecase.agent.UpdateAgent}.
 */
public interface UpdateAgentUseCase {
  Agent update(UUID tenantId, UUID agentId, AgentDefinition definition);
}
