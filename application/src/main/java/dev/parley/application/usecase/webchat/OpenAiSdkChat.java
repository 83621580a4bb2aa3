package dev.parley.application.usecase.webchat;

import dev.parley.application.error.WebChatRefusedException;
import dev.parley.application.policy.WebTokens;
import dev.parley.application.port.in.OpenAiSdkChatUseCase;
import dev.parley.application.port.in.OpenChatCommand;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.port.out.WebChatRepository;
import dev.parley.application.usecase.chat.OpenChatSession;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.ExternalEndpoint;
import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.webchat.WebIntegration;
import java.security.MessageDigest;
import java.util.Map;
import java.util.UUID;

/**
 * Use case: the Parley chat behind an AI SDK {@code useChat} id. The web token sits in a public page and chat ids
 * may be guessed, so a browser's chat is bound to a secret issued when it is opened (kept only as a hash, in the
 * web chat link like a webCall resume token); without it an id that names an active chat is refused.
 */
public final class OpenAiSdkChat implements OpenAiSdkChatUseCase {
  private final OpenChatSession openChat;
  private final ChatSessionRepository sessions;
  private final WebChatRepository webChats;
  private final UnitOfWork uow;
  private final Clock clock;

  public OpenAiSdkChat(OpenChatSession openChat, ChatSessionRepository sessions, WebChatRepository webChats,
                       UnitOfWork uow, Clock clock) {
    this.openChat = openChat;
    this.sessions = sessions;
    this.webChats = webChats;
    this.uow = uow;
    this.clock = clock;
  }

  @Override
  public AiSdkChat forTenant(UUID tenantId, UUID agentId, String id) {
    var opened = openChat.open(new OpenChatCommand(tenantId, agentId, CHANNEL, id, null, null, null, null, null));
    return new AiSdkChat(SessionHeader.of(opened.session()), null);
  }

  @Override
  public AiSdkChat forVisitor(WebIntegration integration, String id, String secret) {
    byte[] endpoint = ExternalEndpoint.of(CHANNEL, id).orElseThrow().hash();
    if (secret != null && !secret.isBlank()) {
      if (secret.length() > WebTokens.MAX_LENGTH) throw notYours();
      SessionHeader session = webChats.findLinkByResumeHash(integration.tenantId(), WebTokens.hash(secret.trim()))
          .filter(l -> l.integrationId().equals(integration.id()))
          .flatMap(l -> sessions.findHeader(l.tenantId(), l.chatId()))
          .filter(s -> s.endpoint() != null && MessageDigest.isEqual(s.endpoint().hash(), endpoint))
          .orElseThrow(OpenAiSdkChat::notYours);
      return new AiSdkChat(session, null);
    }
    return uow.inTransaction(() -> {
      if (sessions.findActiveByEndpoint(integration.tenantId(), endpoint).isPresent()) throw notYours();
      var opened = openChat.open(new OpenChatCommand(integration.tenantId(), integration.agentId(), CHANNEL, id,
          null, null, null, null, Map.of("web_integration_id", integration.id().toString())));
      if (!opened.created()) throw notYours(); // another request opened this id just now: its secret is not ours
      ChatSession session = opened.session();
      String issued = WebTokens.newResumeToken();
      webChats.insertLink(new WebChatRepository.WebChatLink(integration.tenantId(), session.id(), integration.id()),
          WebTokens.hash(issued), clock.now());
      return new AiSdkChat(SessionHeader.of(session), issued);
    });
  }

  private static WebChatRefusedException notYours() {
    return new WebChatRefusedException(NOT_YOURS, "this chat id belongs to another visitor: send the chat's secret "
        + "(x-parley-chat-secret) that the server issued when the chat was opened");
  }
}
