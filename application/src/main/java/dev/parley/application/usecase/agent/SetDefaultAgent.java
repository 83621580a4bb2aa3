package dev.parley.application.usecase.agent;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.SetDefaultAgentUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.domain.common.InvalidValueException;
import java.util.UUID;

/** Use case: read the caller's tenant, and point its default agent (used when a chat names none) at another agent. */
public final class SetDefaultAgent implements SetDefaultAgentUseCase {
  private final TenantRepository tenants;
  private final AgentRepository agents;

  public SetDefaultAgent(TenantRepository tenants, AgentRepository agents) {
    this.tenants = tenants;
    this.agents = agents;
  }

  @Override
  public TenantRepository.Tenant tenant(UUID tenantId) {
    return tenants.findTenant(tenantId).orElseThrow(() -> new NotFoundException("tenant", tenantId));
  }

  @Override
  public TenantRepository.Tenant set(UUID tenantId, UUID agentId) {
    if (agentId == null) throw new InvalidValueException("default_agent_id", "default_agent_id is required");
    agents.find(tenantId, agentId).filter(a -> !a.deleted())
        .orElseThrow(() -> new InvalidValueException("default_agent_id", "agent " + agentId + " does not exist"));
    tenants.setDefaultAgent(tenantId, agentId);
    return tenant(tenantId);
  }
}
