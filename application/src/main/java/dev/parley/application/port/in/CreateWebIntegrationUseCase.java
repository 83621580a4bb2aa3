package dev.parley.application.port.in;

import dev.parley.domain.webchat.WebIntegration;

/**
 * Inbound port: issue a web integration token for one of the tenant's agents; the token is shown this once.
 * Implemented by {@code usecase.webchat.CreateWebIntegration}.
 */
public interface CreateWebIntegrationUseCase {
  /** The stored integration and its token in clear, which exists nowhere else. */
  record IssuedWebIntegration(WebIntegration integration, String token) {}

  IssuedWebIntegration create(CreateWebIntegrationCommand cmd);
}
