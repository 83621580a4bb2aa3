package dev.parley.application.usecase.webchat;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.policy.WebTokens;
import dev.parley.application.port.in.CreateWebIntegrationCommand;
import dev.parley.application.port.in.CreateWebIntegrationUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.WebIntegrationRepository;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.webchat.WebIntegration;
import java.time.Instant;

/** Use case: issue a web integration token for one of the tenant's agents; the token is shown this once. */
public final class CreateWebIntegration implements CreateWebIntegrationUseCase {
  private final WebIntegrationRepository integrations;
  private final AgentRepository agents;
  private final Clock clock;
  private final IdGenerator ids;

  public CreateWebIntegration(WebIntegrationRepository integrations, AgentRepository agents, Clock clock, IdGenerator ids) {
    this.integrations = integrations;
    this.agents = agents;
    this.clock = clock;
    this.ids = ids;
  }

  @Override
  public IssuedWebIntegration create(CreateWebIntegrationCommand cmd) {
    agents.find(cmd.tenantId(), cmd.agentId()).filter(a -> !a.deleted())
        .orElseThrow(() -> new NotFoundException("agent", cmd.agentId()));
    Instant now = clock.now();
    if (cmd.expiresAt() != null && !cmd.expiresAt().isAfter(now))
      throw new InvalidValueException("expires_at", "expires_at must be in the future");
    WebIntegration integration = new WebIntegration(ids.newId(), cmd.tenantId(), cmd.agentId(),
        cmd.allowWebChat() == null || cmd.allowWebChat(), cmd.allowedOrigins(), cmd.clientTools(), cmd.expiresAt(), null, now);
    String token = WebTokens.newIntegrationToken();
    integrations.insert(integration, WebTokens.hash(token));
    return new IssuedWebIntegration(integration, token);
  }
}
