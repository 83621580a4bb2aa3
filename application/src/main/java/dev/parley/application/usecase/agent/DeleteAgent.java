package dev.parley.application.usecase.agent;

import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.DeleteAgentUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.domain.agent.Agent;
import java.util.UUID;

/** Use case: delete an agent. Its sessions stay readable; it opens no new ones. The default agent cannot go. */
public final class DeleteAgent implements DeleteAgentUseCase {
  private final AgentRepository agents;
  private final TenantRepository tenants;
  private final Clock clock;

  public DeleteAgent(AgentRepository agents, TenantRepository tenants, Clock clock) {
    this.agents = agents;
    this.tenants = tenants;
    this.clock = clock;
  }

  @Override
  public void delete(UUID tenantId, UUID agentId) {
    Agent agent = agents.find(tenantId, agentId).filter(a -> !a.deleted())
        .orElseThrow(() -> new NotFoundException("agent", agentId));
    boolean isDefault = tenants.findTenant(tenantId).map(t -> agentId.equals(t.defaultAgentId())).orElse(false);
    if (isDefault) throw new ConflictException("default_agent", "agent " + agentId + " is the tenant's default agent; point default_agent_id elsewhere first");
    agents.update(new Agent(agent.id(), tenantId, agent.definition(), agent.createdAt(), clock.now(), true));
  }
}
