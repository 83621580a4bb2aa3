package dev.parley.application.usecase.webchat;

import dev.parley.application.error.WebChatRefusedException;
import dev.parley.application.policy.WebTokens;
import dev.parley.application.port.in.AuthenticateWebTokenUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.WebIntegrationRepository;
import dev.parley.domain.webchat.WebIntegration;

/**
 * Use case: which web integration a socket's token belongs to, checked in the hosted system's order — token
 * present, token valid (known, not revoked, not expired, agent still there), web chat enabled, origin allowed.
 */
public final class AuthenticateWebToken implements AuthenticateWebTokenUseCase {
  private final WebIntegrationRepository integrations;
  private final AgentRepository agents;
  private final Clock clock;

  public AuthenticateWebToken(WebIntegrationRepository integrations, AgentRepository agents, Clock clock) {
    this.integrations = integrations;
    this.agents = agents;
    this.clock = clock;
  }

  /** {@code origin} is the request's Origin header, or null when it has none. */
  @Override
  public WebIntegration authenticate(String token, String origin) {
    if (token == null || token.isBlank())
      throw new WebChatRefusedException(MISSING_TOKEN, "a web integration token is required: connect to /api/v1/ws/webCall?token=...");
    if (token.length() > WebTokens.MAX_LENGTH) throw invalid("the web integration token is not valid");
    WebIntegration integration = integrations.findByTokenHash(WebTokens.hash(token.trim()))
        .orElseThrow(() -> invalid("the web integration token is not valid"));
    if (integration.isRevoked()) throw invalid("the web integration token has been revoked");
    if (integration.isExpiredAt(clock.now())) throw invalid("the web integration token has expired");
    if (agents.find(integration.tenantId(), integration.agentId()).filter(a -> !a.deleted()).isEmpty())
      throw invalid("the agent of this web integration no longer exists");
    if (!integration.allowWebChat())
      throw new WebChatRefusedException(NOT_ENABLED, "web chat (AllowWebChat) is not enabled on this web integration");
    if (!integration.allowsOrigin(origin))
      throw new WebChatRefusedException(ORIGIN_NOT_ALLOWED,
          "origin " + (origin == null || origin.isBlank() ? "(none)" : "'" + origin + "'") + " is not allowed for this web integration");
    return integration;
  }

  private static WebChatRefusedException invalid(String message) {
    return new WebChatRefusedException(INVALID_TOKEN, message);
  }
}
