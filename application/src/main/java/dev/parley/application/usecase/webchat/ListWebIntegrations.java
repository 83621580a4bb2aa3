package dev.parley.application.usecase.webchat;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.ListWebIntegrationsUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.WebIntegrationRepository;
import dev.parley.domain.webchat.WebIntegration;
import java.util.List;
import java.util.UUID;

/** Use case: an agent's web integrations (never their tokens: only hashes are stored). */
public final class ListWebIntegrations implements ListWebIntegrationsUseCase {
  private final WebIntegrationRepository integrations;
  private final AgentRepository agents;

  public ListWebIntegrations(WebIntegrationRepository integrations, AgentRepository agents) {
    this.integrations = integrations;
    this.agents = agents;
  }

  @Override
  public List<WebIntegration> list(UUID tenantId, UUID agentId) {
    agents.find(tenantId, agentId).filter(a -> !a.deleted()).orElseThrow(() -> new NotFoundException("agent", agentId));
    return integrations.list(tenantId, agentId);
  }
}
