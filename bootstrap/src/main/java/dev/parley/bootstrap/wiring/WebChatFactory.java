package dev.parley.bootstrap.wiring;

import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.port.out.WebChatRepository;
import dev.parley.application.port.out.WebIntegrationRepository;
import dev.parley.application.usecase.webchat.AuthenticateWebToken;
import dev.parley.application.usecase.webchat.CreateWebIntegration;
import dev.parley.application.usecase.webchat.FindFinalChats;
import dev.parley.application.usecase.webchat.ListWebIntegrations;
import dev.parley.application.usecase.chat.OpenChatSession;
import dev.parley.application.usecase.webchat.ResumeWebChat;
import dev.parley.application.usecase.webchat.RevokeWebIntegration;
import dev.parley.application.usecase.webchat.StartWebChat;
import dev.parley.application.usecase.webchat.WebChatFrames;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** Wires the web chat use cases (web integration tokens and the webCall socket, seed 05). */
@Factory
public class WebChatFactory {

  @Singleton
  CreateWebIntegration createWebIntegration(WebIntegrationRepository integrations, AgentRepository agents, Clock clock,
                                            IdGenerator ids) {
    return new CreateWebIntegration(integrations, agents, clock, ids);
  }

  @Singleton
  ListWebIntegrations listWebIntegrations(WebIntegrationRepository integrations, AgentRepository agents) {
    return new ListWebIntegrations(integrations, agents);
  }

  @Singleton
  RevokeWebIntegration revokeWebIntegration(WebIntegrationRepository integrations, Clock clock, ChatEventNotifier events) {
    return new RevokeWebIntegration(integrations, clock, events);
  }

  @Singleton
  AuthenticateWebToken authenticateWebToken(WebIntegrationRepository integrations, AgentRepository agents, Clock clock) {
    return new AuthenticateWebToken(integrations, agents, clock);
  }

  @Singleton
  StartWebChat startWebChat(OpenChatSession openChat, AgentRepository agents, WebChatRepository webChats, UnitOfWork uow,
                            Clock clock, @Value("${parley.webchat.default-ttl-seconds:3600}") int defaultTtlSeconds) {
    return new StartWebChat(openChat, agents, webChats, uow, clock, defaultTtlSeconds <= 0 ? null : defaultTtlSeconds);
  }

  @Singleton
  dev.parley.application.usecase.webchat.OpenAiSdkChat openAiSdkChat(OpenChatSession openChat,
      dev.parley.application.port.out.ChatSessionRepository sessions, WebChatRepository webChats, UnitOfWork uow, Clock clock) {
    return new dev.parley.application.usecase.webchat.OpenAiSdkChat(openChat, sessions, webChats, uow, clock);
  }

  @Singleton
  ResumeWebChat resumeWebChat(WebChatRepository webChats, ChatSessionRepository sessions) {
    return new ResumeWebChat(webChats, sessions);
  }

  @Singleton
  WebChatFrames webChatFrames(WebChatRepository webChats, Clock clock,
                              @Value("${parley.webchat.max-replay:500}") int maxReplay) {
    return new WebChatFrames(webChats, clock, maxReplay);
  }

  @Singleton
  FindFinalChats findFinalChats(WebChatRepository webChats) {
    return new FindFinalChats(webChats);
  }
}
