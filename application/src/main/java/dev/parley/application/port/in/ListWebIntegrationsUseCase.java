package dev.parley.application.port.in;

import dev.parley.domain.webchat.WebIntegration;
import java.util.List;
import java.util.UUID;

/**
 * Inbound port: an agent's web integrations (never their tokens: only hashes are stored). Implemented by {@code
 * usecase.webchat.ListWebIntegrations}.
 */
public interface ListWebIntegrationsUseCase {
  List<WebIntegration> list(UUID tenantId, UUID agentId);
}
