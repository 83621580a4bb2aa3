package dev.parley.application.port.in;

import dev.parley.domain.session.ChatSession;
import dev.parley.domain.webchat.WebIntegration;
import java.util.Map;

/**
 * Inbound port: a browser's {@code initialize} opens an ordinary chat session on channel {@code web} with the
 * integration's agent, and a resume token (kept as a hash) lets that browser re-attach after losing its socket.
 * Implemented by {@code usecase.webchat.StartWebChat}.
 */
public interface StartWebChatUseCase {
  String CHANNEL = "web";

  /** The opened session (its greeting included) and its resume token, which exists nowhere else in clear. */
  record StartedWebChat(ChatSession session, String resumeToken) {}

  StartedWebChat start(WebIntegration integration, Map<String, Object> additionalData);
}
