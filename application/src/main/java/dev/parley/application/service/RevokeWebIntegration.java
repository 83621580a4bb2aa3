package dev.parley.application.service;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.WebIntegrationRepository;
import java.util.UUID;

/** Use case: revoke a web integration; its token opens no new web chat. Revoking twice is not an error. */
public final class RevokeWebIntegration {
  private final WebIntegrationRepository integrations;
  private final Clock clock;

  public RevokeWebIntegration(WebIntegrationRepository integrations, Clock clock) {
    this.integrations = integrations;
    this.clock = clock;
  }

  public void revoke(UUID tenantId, UUID agentId, UUID integrationId) {
    if (!integrations.revoke(tenantId, agentId, integrationId, clock.now()))
      throw new NotFoundException("web integration", integrationId);
  }
}
