package dev.parley.application.usecase.agent;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.policy.AgentValidation;
import dev.parley.application.port.in.UpdateAgentUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.OutboundUrlPolicy;
import dev.parley.application.turn.ModelRoutes;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.CompletionWebhook;
import java.util.UUID;

/**
 * Use case: replace an agent's definition. Secrets are write-only, so an update that leaves a webhook secret out
 * keeps the stored one for the same URL.
 */
public final class UpdateAgent implements UpdateAgentUseCase {
  private final AgentRepository agents;
  private final LanguageModel model;
  private final OutboundUrlPolicy urls;
  private final ModelRoutes routes;
  private final Clock clock;

  public UpdateAgent(AgentRepository agents, LanguageModel model, OutboundUrlPolicy urls, ModelRoutes routes, Clock clock) {
    this.agents = agents;
    this.model = model;
    this.urls = urls;
    this.routes = routes;
    this.clock = clock;
  }

  @Override
  public Agent update(UUID tenantId, UUID agentId, AgentDefinition definition) {
    Agent existing = agents.find(tenantId, agentId).filter(a -> !a.deleted())
        .orElseThrow(() -> new NotFoundException("agent", agentId));
    AgentDefinition merged = keepSecret(existing.definition(), definition);
    AgentValidation.validate(model, urls, routes, tenantId, merged);
    Agent updated = existing.withDefinition(merged, clock.now());
    agents.update(updated);
    return updated;
  }

  private static AgentDefinition keepSecret(AgentDefinition old, AgentDefinition next) {
    return keepWebhookSecret(old, McpHeaders.keep(old, next));
  }

  private static AgentDefinition keepWebhookSecret(AgentDefinition old, AgentDefinition next) {
    CompletionWebhook hook = next.completionWebhook();
    if (hook == null || hook.secret() != null || old.completionWebhook() == null) return next;
    if (!old.completionWebhook().url().equals(hook.url())) return next;
    return new AgentDefinition(next.name(), next.prompt(), next.greeting(), next.model(), next.script(), next.tools(),
        new CompletionWebhook(hook.url(), old.completionWebhook().secret()), next.analysisFields(), next.defaultTtlSeconds(),
        next.maxFailedTurns(), next.busyPolicy(), next.mcpServers(), next.spendCaps());
  }
}
