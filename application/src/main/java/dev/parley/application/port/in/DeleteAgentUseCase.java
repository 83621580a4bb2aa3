package dev.parley.application.port.in;

import java.util.UUID;

/**
 * Inbound port: delete an agent. Implemented by {@code usecase.agent.DeleteAgent}.
 */
public interface DeleteAgentUseCase {
  void delete(UUID tenantId, UUID agentId);
}
