package dev.parley.application.port.in;

import dev.parley.domain.agent.Agent;
import java.util.List;
import java.util.UUID;

/**
 * Inbound port: read a tenant's agents (one, or a page of them). Implemented by {@code usecase.agent.GetAgent}.
 */
public interface GetAgentUseCase {
  Agent get(UUID tenantId, UUID agentId);

  List<Agent> list(UUID tenantId, int skip, int take);

  long count(UUID tenantId);
}
