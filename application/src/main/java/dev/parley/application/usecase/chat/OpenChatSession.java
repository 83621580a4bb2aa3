package dev.parley.application.usecase.chat;

import dev.parley.application.event.SessionEffects;
import dev.parley.application.event.SessionFinisher;
import dev.parley.application.policy.InputLimits;
import dev.parley.application.port.in.OpenChatCommand;
import dev.parley.application.port.in.OpenChatResult;
import dev.parley.application.port.in.OpenChatSessionUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.ChatSessionRepository.EndpointTakenException;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.turn.AgentTurnEngine;
import dev.parley.application.usecase.webchat.StartWebChat;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.AdditionalData;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.ExternalEndpoint;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.OpenSessionSpec;
import dev.parley.domain.session.Ttl;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Use case: open a chat session. An endpoint (channel + external id) with an active session gets that session
 * back; one found past its TTL is finished first. The partial unique index settles races between opens.
 */
public final class OpenChatSession implements OpenChatSessionUseCase {
  private static final DateTimeFormatter TITLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final ChatSessionRepository sessions;
  private final AgentRepository agents;
  private final TenantRepository tenants;
  private final SessionEffects effects;
  private final SessionFinisher finisher;
  private final AgentTurnEngine engine;
  private final UnitOfWork uow;
  private final Clock clock;
  private final IdGenerator ids;
  private final InputLimits inputs;

  /** {@code inputs} bounds the external id, additional data and metadata a chat is opened with. */
  public OpenChatSession(ChatSessionRepository sessions, AgentRepository agents, TenantRepository tenants,
                         SessionEffects effects, SessionFinisher finisher, AgentTurnEngine engine, UnitOfWork uow,
                         Clock clock, IdGenerator ids, InputLimits inputs) {
    this.sessions = sessions;
    this.agents = agents;
    this.tenants = tenants;
    this.effects = effects;
    this.finisher = finisher;
    this.engine = engine;
    this.uow = uow;
    this.clock = clock;
    this.ids = ids;
    this.inputs = inputs;
  }

  @Override
  public OpenChatResult open(OpenChatCommand cmd) {
    checkStorable(cmd);
    Agent agent = resolveAgent(cmd.tenantId(), cmd.agentId());
    String channel = cmd.channel() == null || cmd.channel().isBlank() ? DEFAULT_CHANNEL : cmd.channel().trim();
    Ttl ttl = cmd.ttlSeconds() != null ? new Ttl(cmd.ttlSeconds()) : Ttl.ofNullable(agent.definition().defaultTtlSeconds());
    Optional<ExternalEndpoint> endpoint = ExternalEndpoint.of(channel, cmd.externalId());
    AdditionalData data = AdditionalData.of(cmd.additionalData());
    for (int attempt = 0; ; attempt++) {
      try {
        return uow.inTransaction(() -> {
          Instant now = clock.now();
          if (endpoint.isPresent()) {
            Optional<ChatSession> existing = sessions.findActiveByEndpoint(cmd.tenantId(), endpoint.get().hash());
            if (existing.isPresent()) {
              if (!existing.get().isExpiredAt(now)) return new OpenChatResult(existing.get(), false);
              finisher.finishWithin(existing.get(), FinalReason.TTL, "expired when the endpoint was opened again", now);
            }
          }
          ChatSession.Opened opened = newSession(cmd, agent, channel, endpoint.orElse(null), data, ttl, now);
          ChatSession session = opened.session();
          if (cmd.userId() != null) tenants.ensureUser(cmd.tenantId(), cmd.userId(), now);
          sessions.insert(session);
          effects.dispatch(session, opened.events(), Map.of());
          return new OpenChatResult(session, true);
        });
      } catch (EndpointTakenException raced) {
        if (attempt >= 3) throw raced; // another open won the race: the next attempt finds its session
      }
    }
  }

  /**
   * Values kept with the chat: storable (no NUL, lone surrogate, infinite number) and within the configured size
   * bounds (the command checked its short texts).
   */
  private void checkStorable(OpenChatCommand cmd) {
    inputs.checkExternalId(cmd.externalId());
    inputs.checkData("/additional_data", cmd.additionalData());
    inputs.checkData("/metadata", cmd.metadata());
  }

  /** The new session with its greeting; only its opening is dispatched (nobody listens to a chat not yet opened). */
  private ChatSession.Opened newSession(OpenChatCommand cmd, Agent agent, String channel, ExternalEndpoint endpoint,
                                 AdditionalData data, Ttl ttl, Instant now) {
    UUID chatId = ids.newId();
    // A web chat's call id is its record id, as in seed 05 (decision 0009); other chats get a call id of their own.
    UUID callId = StartWebChat.CHANNEL.equals(channel) ? chatId : ids.newId();
    String title = cmd.title() != null && !cmd.title().isBlank() ? cmd.title().trim() : generatedTitle(cmd, channel, now);
    ChatSession.Opened opened = ChatSession.opening(new OpenSessionSpec(chatId, callId, cmd.tenantId(), agent.id(), channel,
        endpoint, cmd.userId(), title, cmd.metadata(), data, ttl), now);
    AgentTurnEngine.Conversation conversation =
        new AgentTurnEngine.Conversation(cmd.tenantId(), chatId, callId, agent.id(), channel, cmd.userId());
    for (Message greeting : engine.greet(agent.definition(), conversation, data).newMessages())
      opened.session().append(greeting, now);
    return opened;
  }

  private static String generatedTitle(OpenChatCommand cmd, String channel, Instant now) {
    String who = cmd.userId() != null ? "Chat with " + cmd.userId() : "Chat on " + channel;
    return who + " · " + TITLE_TIME.format(now);
  }

  private Agent resolveAgent(UUID tenantId, UUID agentId) {
    UUID id = agentId;
    if (id == null) {
      id = tenants.findTenant(tenantId).map(TenantRepository.Tenant::defaultAgentId)
          .orElseThrow(() -> new InvalidValueException("agent_id", "agent_id is required: the tenant has no default agent"));
    }
    UUID wanted = id;
    return agents.find(tenantId, id).filter(a -> !a.deleted())
        .orElseThrow(() -> new InvalidValueException("agent_id", "agent " + wanted + " does not exist"));
  }
}
