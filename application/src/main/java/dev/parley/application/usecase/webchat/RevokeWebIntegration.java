package dev.parley.application.usecase.webchat;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.RevokeWebIntegrationUseCase;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.WebIntegrationRepository;
import java.util.UUID;

/**
 * Use case: revoke a web integration; its token opens no new web chat, and sockets already open with it are closed
 * (every instance hears of it through {@link ChatEventNotifier}). Revoking twice is not an error.
 */
public final class RevokeWebIntegration implements RevokeWebIntegrationUseCase {
  private final WebIntegrationRepository integrations;
  private final Clock clock;
  private final ChatEventNotifier events;

  public RevokeWebIntegration(WebIntegrationRepository integrations, Clock clock, ChatEventNotifier events) {
    this.integrations = integrations;
    this.clock = clock;
    this.events = events;
  }

  @Override
  public void revoke(UUID tenantId, UUID agentId, UUID integrationId) {
    if (!integrations.revoke(tenantId, agentId, integrationId, clock.now()))
      throw new NotFoundException("web integration", integrationId);
    events.publish(ChatEvent.integrationRevoked(tenantId, integrationId)); // after the update: a socket re-checks it
  }
}
