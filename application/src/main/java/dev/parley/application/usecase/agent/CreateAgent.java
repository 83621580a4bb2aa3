package dev.parley.application.usecase.agent;

import dev.parley.application.policy.AgentValidation;
import dev.parley.application.port.in.CreateAgentUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.OutboundUrlPolicy;
import dev.parley.application.turn.ModelRoutes;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.AgentDefinition;
import java.time.Instant;
import java.util.UUID;

/** Use case: define a new agent for a tenant. */
public final class CreateAgent implements CreateAgentUseCase {
  private final AgentRepository agents;
  private final LanguageModel model;
  private final OutboundUrlPolicy urls;
  private final ModelRoutes routes;
  private final Clock clock;
  private final IdGenerator ids;

  public CreateAgent(AgentRepository agents, LanguageModel model, OutboundUrlPolicy urls, ModelRoutes routes, Clock clock,
                     IdGenerator ids) {
    this.agents = agents;
    this.model = model;
    this.urls = urls;
    this.routes = routes;
    this.clock = clock;
    this.ids = ids;
  }

  @Override
  public Agent create(UUID tenantId, AgentDefinition definition) {
    AgentValidation.validate(model, urls, routes, tenantId, definition);
    Instant now = clock.now();
    Agent agent = new Agent(ids.newId(), tenantId, definition, now, now, false);
    agents.insert(agent);
    return agent;
  }
}
