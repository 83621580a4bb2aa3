package dev.parley.application.usecase.tenant;

import dev.parley.application.policy.ApiKeys;
import dev.parley.application.port.in.CreateTenantUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.common.InvalidValueException;
import java.time.Instant;
import java.util.UUID;

/** Use case (operator): create a tenant with its first API key and its default scripted agent. */
public final class CreateTenant implements CreateTenantUseCase {
  private final TenantRepository tenants;
  private final AgentRepository agents;
  private final UnitOfWork uow;
  private final Clock clock;
  private final IdGenerator ids;

  public CreateTenant(TenantRepository tenants, AgentRepository agents, UnitOfWork uow, Clock clock, IdGenerator ids) {
    this.tenants = tenants;
    this.agents = agents;
    this.uow = uow;
    this.clock = clock;
    this.ids = ids;
  }

  @Override
  public CreatedTenant create(String name) {
    return create(name, ApiKeys.newKey());
  }

  /** Creates a tenant whose first key is given (the development tenant's fixed key). */
  @Override
  public CreatedTenant create(String name, String apiKey) {
    InvalidValueException.requireNonBlank("name", name);
    if (name.length() > 200) throw new InvalidValueException("name", "name must be at most 200 characters");
    return uow.inTransaction(() -> {
      Instant now = clock.now();
      UUID tenantId = ids.newId();
      UUID agentId = ids.newId();
      TenantRepository.Tenant tenant = new TenantRepository.Tenant(tenantId, name.trim(), agentId, now);
      tenants.insertTenant(tenant);
      agents.insert(new Agent(agentId, tenantId, DefaultAgent.definition(), now, now, false));
      tenants.insertApiKey(new TenantRepository.ApiKey(ids.newId(), tenantId, "initial", now, null), ApiKeys.hash(apiKey));
      return new CreatedTenant(tenant, apiKey);
    });
  }
}
