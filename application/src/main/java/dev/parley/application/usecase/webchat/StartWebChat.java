package dev.parley.application.usecase.webchat;

import dev.parley.application.error.WebChatRefusedException;
import dev.parley.application.policy.WebTokens;
import dev.parley.application.port.in.OpenChatCommand;
import dev.parley.application.port.in.StartWebChatUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.port.out.WebChatRepository;
import dev.parley.application.usecase.chat.OpenChatSession;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.webchat.WebIntegration;
import java.util.Map;

/**
 * Use case: a browser's {@code initialize} opens an ordinary chat session on channel {@code web} with the
 * integration's agent, and a resume token (kept as a hash) lets that browser re-attach after losing its socket.
 */
public final class StartWebChat implements StartWebChatUseCase {
  private final OpenChatSession openChat;
  private final AgentRepository agents;
  private final WebChatRepository webChats;
  private final UnitOfWork uow;
  private final Clock clock;
  private final Integer defaultTtlSeconds;

  /**
   * {@code defaultTtlSeconds} applies when the agent sets no TTL: a browser tab closed without {@code terminate}
   * should not leave an active session forever. Null keeps such chats without TTL.
   */
  public StartWebChat(OpenChatSession openChat, AgentRepository agents, WebChatRepository webChats, UnitOfWork uow,
                      Clock clock, Integer defaultTtlSeconds) {
    this.openChat = openChat;
    this.agents = agents;
    this.webChats = webChats;
    this.uow = uow;
    this.clock = clock;
    this.defaultTtlSeconds = defaultTtlSeconds;
  }

  @Override
  public StartedWebChat start(WebIntegration integration, Map<String, Object> additionalData) {
    Agent agent = agents.find(integration.tenantId(), integration.agentId()).filter(a -> !a.deleted())
        .orElseThrow(() -> new WebChatRefusedException(AuthenticateWebToken.INVALID_TOKEN,
            "the agent of this web integration no longer exists"));
    Integer ttl = agent.definition().defaultTtlSeconds() != null ? null : defaultTtlSeconds;
    String resumeToken = WebTokens.newResumeToken();
    return uow.inTransaction(() -> {
      ChatSession session = openChat.open(new OpenChatCommand(integration.tenantId(), agent.id(), CHANNEL, null, ttl,
          additionalData, null, null, Map.of("web_integration_id", integration.id().toString()))).session();
      webChats.insertLink(new WebChatRepository.WebChatLink(integration.tenantId(), session.id(), integration.id()),
          WebTokens.hash(resumeToken), clock.now());
      return new StartedWebChat(session, resumeToken);
    });
  }
}
