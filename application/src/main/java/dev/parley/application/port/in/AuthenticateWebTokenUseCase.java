package dev.parley.application.port.in;

import dev.parley.domain.webchat.WebIntegration;

/**
 * Inbound port: which web integration a socket's token belongs to, checked in the hosted system's order — token
 * present, token valid (known, not revoked, not expired, agent still there), web chat enabled, origin allowed.
 * Implemented by {@code usecase.webchat.AuthenticateWebToken}.
 */
public interface AuthenticateWebTokenUseCase {
  String MISSING_TOKEN = "missing_token";

  String INVALID_TOKEN = "invalid_token";

  String NOT_ENABLED = "web_chat_not_enabled";

  String ORIGIN_NOT_ALLOWED = "origin_not_allowed";

  /** {@code origin} is the request's Origin header, or null when it has none. */
  WebIntegration authenticate(String token, String origin);
}
