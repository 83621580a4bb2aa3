package dev.parley.application.usecase.webchat;

import dev.parley.application.error.WebChatRefusedException;
import dev.parley.application.policy.WebTokens;
import dev.parley.application.policy.WireNames;
import dev.parley.application.port.in.ResumeWebChatUseCase;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.WebChatRepository;
import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.webchat.WebIntegration;
import java.util.UUID;

/**
 * Use case: re-attach a reconnecting browser to its active web chat. The web token is public (it sits in a web
 * page), so the resume token — a secret only that browser was given — is what proves the chat is its own.
 */
public final class ResumeWebChat implements ResumeWebChatUseCase {
  private final WebChatRepository webChats;
  private final ChatSessionRepository sessions;

  public ResumeWebChat(WebChatRepository webChats, ChatSessionRepository sessions) {
    this.webChats = webChats;
    this.sessions = sessions;
  }

  /** {@code recordId}, when the client sends it, must name the same chat as the resume token. */
  @Override
  public SessionHeader resume(WebIntegration integration, UUID recordId, String resumeToken) {
    if (resumeToken == null || resumeToken.isBlank() || resumeToken.length() > WebTokens.MAX_LENGTH) throw invalid();
    WebChatRepository.WebChatLink link = webChats.findLinkByResumeHash(integration.tenantId(), WebTokens.hash(resumeToken.trim()))
        .filter(l -> l.tenantId().equals(integration.tenantId()) && l.integrationId().equals(integration.id()))
        .filter(l -> recordId == null || l.chatId().equals(recordId))
        .orElseThrow(ResumeWebChat::invalid);
    SessionHeader session = sessions.findHeader(link.tenantId(), link.chatId()).orElseThrow(ResumeWebChat::invalid);
    if (session.isFinal())
      throw new WebChatRefusedException(CONVERSATION_ENDED, "the conversation " + session.id() + " has ended ("
          + WireNames.of(session.finalReason()) + "); start a new one with initialize");
    return session;
  }

  private static WebChatRefusedException invalid() {
    return new WebChatRefusedException(INVALID_RESUME_TOKEN, "the resume token does not match an active chat of this web integration");
  }
}
