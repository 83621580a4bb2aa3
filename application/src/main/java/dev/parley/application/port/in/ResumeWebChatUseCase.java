package dev.parley.application.port.in;

import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.webchat.WebIntegration;
import java.util.UUID;

/**
 * Inbound port: re-attach a reconnecting browser to its active web chat. Implemented by {@code
 * usecase.webchat.ResumeWebChat}.
 */
public interface ResumeWebChatUseCase {
  String INVALID_RESUME_TOKEN = "invalid_resume_token";

  String CONVERSATION_ENDED = "conversation_ended";

  /** {@code recordId}, when the client sends it, must name the same chat as the resume token. */
  SessionHeader resume(WebIntegration integration, UUID recordId, String resumeToken);
}
