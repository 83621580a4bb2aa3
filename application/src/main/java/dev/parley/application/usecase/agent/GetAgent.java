package dev.parley.application.usecase.agent;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.GetAgentUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.domain.agent.Agent;
import java.util.List;
import java.util.UUID;

/** Use case: read a tenant's agents (one, or a page of them). */
public final class GetAgent implements GetAgentUseCase {
  private final AgentRepository agents;

  public GetAgent(AgentRepository agents) {
    this.agents = agents;
  }

  @Override
  public Agent get(UUID tenantId, UUID agentId) {
    return agents.find(tenantId, agentId).filter(a -> !a.deleted()).orElseThrow(() -> new NotFoundException("agent", agentId));
  }

  @Override
  public List<Agent> list(UUID tenantId, int skip, int take) {
    return agents.list(tenantId, skip, take);
  }

  @Override
  public long count(UUID tenantId) {
    return agents.count(tenantId);
  }
}
