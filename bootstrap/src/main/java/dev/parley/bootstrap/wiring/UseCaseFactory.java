package dev.parley.bootstrap.wiring;

import dev.parley.application.event.SessionEffects;
import dev.parley.application.event.SessionFinisher;
import dev.parley.application.policy.ClientAddresses;
import dev.parley.application.policy.InputLimits;
import dev.parley.application.policy.Limits;
import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.AnalysisStore;
import dev.parley.application.port.out.ChatErasure;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.IdempotencyStore;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.turn.ModelRoutes;
import dev.parley.application.turn.RecordModelUsage;
import dev.parley.application.port.out.OutboundUrlPolicy;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.port.out.TurnRecords;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.application.port.out.WebhookSender;
import dev.parley.application.turn.AgentTurnEngine;
import dev.parley.application.usecase.agent.CreateAgent;
import dev.parley.application.usecase.agent.DeleteAgent;
import dev.parley.application.usecase.agent.GetAgent;
import dev.parley.application.usecase.agent.SetDefaultAgent;
import dev.parley.application.usecase.agent.UpdateAgent;
import dev.parley.application.usecase.chat.EndChatSession;
import dev.parley.application.usecase.chat.ExpireIdleSessions;
import dev.parley.application.usecase.chat.GetChatActivity;
import dev.parley.application.usecase.chat.GetChatAnalysis;
import dev.parley.application.usecase.chat.GetChatSession;
import dev.parley.application.usecase.chat.ListChatMessages;
import dev.parley.application.usecase.chat.ListChatSessions;
import dev.parley.application.usecase.chat.OpenChatSession;
import dev.parley.application.usecase.chat.SubmitUserTurn;
import dev.parley.application.usecase.erasure.DeleteChatSession;
import dev.parley.application.usecase.idempotency.IdempotentRequests;
import dev.parley.application.usecase.tenant.AuthenticateApiKey;
import dev.parley.application.usecase.tenant.CreateTenant;
import dev.parley.application.usecase.tenant.EnsureDevelopmentTenant;
import dev.parley.application.usecase.tenant.ManageApiKeys;
import dev.parley.application.usecase.tenant.RegisterEndUser;
import dev.parley.application.usecase.webhook.DeliverCompletionEvents;
import dev.parley.application.usecase.webhook.ManageWebhookDeliveries;
import dev.parley.application.tool.McpToolbox;
import dev.parley.application.tracing.TurnTracer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/** Wires the framework-free use cases with the adapters that implement their ports (compile-time DI). */
@Factory
public class UseCaseFactory {

  /** The client address of a request, believing forwarding headers only from {@code parley.trusted-proxies}. */
  @Singleton
  ClientAddresses clientAddresses(@Value("${parley.trusted-proxies:}") List<String> trustedProxies) {
    return new ClientAddresses(trustedProxies);
  }

  @Singleton
  Clock clock() {
    return new SystemClock();
  }

  @Singleton
  IdGenerator ids() {
    return new TimeOrderedIds();
  }

  @Singleton
  Limits limits(@Value("${parley.limits.message-chars:32768}") int messageChars,
                @Value("${parley.limits.tool-rounds:8}") int toolRounds,
                @Value("${parley.limits.stateless-history:1000}") int statelessHistory,
                @Value("${parley.limits.turn-wait:5s}") Duration turnWait,
                @Value("${parley.limits.turn-lease:120s}") Duration turnLease) {
    return new Limits(messageChars, toolRounds, statelessHistory, turnWait, turnLease);
  }

  /** The size bounds on what clients have stored ({@code parley.limits.*}, docs/configuration.md). */
  @Singleton
  InputLimits inputLimits(@Value("${parley.limits.note-bytes:4096}") int noteBytes,
                          @Value("${parley.limits.external-id-bytes:2048}") int externalIdBytes,
                          @Value("${parley.limits.data-bytes:32768}") int dataBytes,
                          @Value("${parley.limits.messages-per-chat:2000}") int messagesPerChat,
                          @Value("${parley.limits.list-messages-per-chat:50}") int listMessagesPerChat) {
    return new InputLimits(noteBytes, externalIdBytes, dataBytes, messagesPerChat, listMessagesPerChat);
  }

  @Singleton
  AgentTurnEngine agentTurnEngine(LanguageModel model, ModelRoutes routes, RecordModelUsage usage, ToolExecutor tools, Clock clock,
                                  IdGenerator ids, Limits limits, McpToolbox mcp, TurnTracer tracer) {
    return new AgentTurnEngine(model, routes, usage, tools, clock, ids, limits.maxToolRounds(), mcp, tracer);
  }

  /** The one dispatcher of session events to their effects (activity, outbox, notices to other instances). */
  @Singleton
  SessionEffects sessionEffects(ActivityLog activity, WebhookOutbox outbox, AgentRepository agents, IdGenerator ids,
                                ChatEventNotifier events, dev.parley.application.port.out.ChatEventLog log) {
    return new SessionEffects(activity, outbox, agents, ids, events, log);
  }

  @Singleton
  SessionFinisher sessionFinisher(ChatSessionRepository sessions, SessionEffects effects,
                                  dev.parley.application.control.Approvals approvals) {
    return new SessionFinisher(sessions, effects).withApprovals(approvals);
  }

  @Singleton
  OpenChatSession openChatSession(ChatSessionRepository sessions, AgentRepository agents, TenantRepository tenants,
                                  SessionEffects effects, SessionFinisher finisher, AgentTurnEngine engine, UnitOfWork uow,
                                  Clock clock, IdGenerator ids, InputLimits inputs) {
    return new OpenChatSession(sessions, agents, tenants, effects, finisher, engine, uow, clock, ids, inputs);
  }

  @Singleton
  SubmitUserTurn submitUserTurn(ChatSessionRepository sessions, AgentRepository agents, TurnRecords turns,
                                SessionFinisher finisher, AgentTurnEngine engine, UnitOfWork uow,
                                Clock clock, IdGenerator ids, Limits limits, SessionEffects effects, InputLimits inputs,
                                dev.parley.application.control.RunningTurns running,
                                dev.parley.application.control.Handoffs handoffs,
                                dev.parley.application.turn.SpendCapCheck spendCaps,
                                dev.parley.application.control.Approvals approvals) {
    return new SubmitUserTurn(sessions, agents, turns, finisher, engine, uow, clock, ids, limits, effects, inputs)
        .withRunningTurns(running).withHandoffs(handoffs).withSpendCaps(spendCaps).withApprovals(approvals);
  }

  @Singleton
  EndChatSession endChatSession(ChatSessionRepository sessions, SessionFinisher finisher, UnitOfWork uow, Clock clock,
                                InputLimits inputs) {
    return new EndChatSession(sessions, finisher, uow, clock, inputs);
  }

  @Singleton
  GetChatSession getChatSession(ChatSessionRepository sessions) {
    return new GetChatSession(sessions);
  }

  @Singleton
  ListChatSessions listChatSessions(ChatSessionRepository sessions, InputLimits inputs) {
    return new ListChatSessions(sessions, inputs);
  }

  @Singleton
  GetChatActivity getChatActivity(ChatSessionRepository sessions, ActivityLog activity) {
    return new GetChatActivity(sessions, activity);
  }

  @Singleton
  ExpireIdleSessions expireIdleSessions(ChatSessionRepository sessions, SessionFinisher finisher, UnitOfWork uow,
                                        Clock clock, @Value("${parley.sweeper.batch-size:500}") int batchSize) {
    return new ExpireIdleSessions(sessions, finisher, uow, clock, batchSize);
  }

  @Singleton
  DeliverCompletionEvents deliverCompletionEvents(WebhookOutbox outbox, WebhookSender sender, ChatSessionRepository sessions,
                                                  AgentRepository agents, AnalysisStore analyses, LanguageModel model,
                                                  ModelRoutes routes, dev.parley.application.port.out.UsageLedger ledger,
                                                  UnitOfWork uow, Clock clock,
                                                  dev.parley.application.turn.RecordModelUsage usage,
                                                  dev.parley.application.port.out.TenantCurrency currencies,
                                                  dev.parley.application.port.out.ToolApprovals approvals,
                                                  @Value("${parley.webhooks.first-retry:1s}") Duration firstRetry,
                                                  @Value("${parley.webhooks.max-retry:1h}") Duration maxRetry,
                                                  @Value("${parley.webhooks.horizon:72h}") Duration horizon) {
    return new DeliverCompletionEvents(outbox, sender, sessions, agents, analyses, model, routes, ledger, uow, clock,
        new DeliverCompletionEvents.RetryPolicy(firstRetry, maxRetry, horizon, Duration.ofSeconds(60))).withUsage(usage)
        .withCurrency(currencies).withApprovals(approvals);
  }

  @Singleton
  AuthenticateApiKey authenticateApiKey(TenantRepository tenants) {
    return new AuthenticateApiKey(tenants);
  }

  @Singleton
  CreateTenant createTenant(TenantRepository tenants, AgentRepository agents, UnitOfWork uow, Clock clock, IdGenerator ids) {
    return new CreateTenant(tenants, agents, uow, clock, ids);
  }

  @Singleton
  ManageApiKeys manageApiKeys(TenantRepository tenants, Clock clock, IdGenerator ids) {
    return new ManageApiKeys(tenants, clock, ids);
  }

  @Singleton
  EnsureDevelopmentTenant ensureDevelopmentTenant(TenantRepository tenants, CreateTenant createTenant) {
    return new EnsureDevelopmentTenant(tenants, createTenant);
  }

  @Singleton
  CreateAgent createAgent(AgentRepository agents, LanguageModel model, OutboundUrlPolicy urls, ModelRoutes routes, Clock clock,
                          IdGenerator ids) {
    return new CreateAgent(agents, model, urls, routes, clock, ids);
  }

  @Singleton
  GetAgent getAgent(AgentRepository agents) {
    return new GetAgent(agents);
  }

  @Singleton
  UpdateAgent updateAgent(AgentRepository agents, LanguageModel model, OutboundUrlPolicy urls, ModelRoutes routes, Clock clock) {
    return new UpdateAgent(agents, model, urls, routes, clock);
  }

  @Singleton
  DeleteAgent deleteAgent(AgentRepository agents, TenantRepository tenants, Clock clock) {
    return new DeleteAgent(agents, tenants, clock);
  }

  @Singleton
  ManageWebhookDeliveries manageWebhookDeliveries(WebhookOutbox outbox, Clock clock) {
    return new ManageWebhookDeliveries(outbox, clock);
  }

  @Singleton
  dev.parley.application.usecase.webhook.SendTestWebhook sendTestWebhook(AgentRepository agents, WebhookSender sender,
                                                                         IdGenerator ids, Clock clock) {
    return new dev.parley.application.usecase.webhook.SendTestWebhook(agents, sender, ids, clock);
  }

  @Singleton
  GetChatAnalysis getChatAnalysis(ChatSessionRepository sessions, AnalysisStore analyses) {
    return new GetChatAnalysis(sessions, analyses);
  }

  @Singleton
  DeleteChatSession deleteChatSession(ChatErasure erasure, UnitOfWork uow, Clock clock) {
    return new DeleteChatSession(erasure, uow, clock);
  }

  @Singleton
  ListChatMessages listChatMessages(ChatSessionRepository sessions) {
    return new ListChatMessages(sessions);
  }

  @Singleton
  SetDefaultAgent setDefaultAgent(TenantRepository tenants, AgentRepository agents) {
    return new SetDefaultAgent(tenants, agents);
  }

  @Singleton
  RegisterEndUser registerEndUser(TenantRepository tenants, Clock clock) {
    return new RegisterEndUser(tenants, clock);
  }

  /** {@code parley.idempotency.lease}: how long a request holds its {@code Idempotency-Key} while it runs. */
  @Singleton
  IdempotentRequests idempotentRequests(IdempotencyStore store, Clock clock,
                                        @Value("${parley.idempotency.lease:2m}") Duration lease) {
    return new IdempotentRequests(store, clock, lease);
  }
}
