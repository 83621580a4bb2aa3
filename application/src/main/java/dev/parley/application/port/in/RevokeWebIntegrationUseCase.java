package dev.parley.application.port.in;

import java.util.UUID;

/**
 * Inbound port: revoke a web integration; its token opens no new web chat, and sockets already open with it are
 * closed (every instance hears of it through {@link ChatEventNotifier}). Implemented by {@code
 * usecase.webchat.RevokeWebIntegration}.
 */
public interface RevokeWebIntegrationUseCase {
  void revoke(UUID tenantId, UUID agentId, UUID integrationId);
}
