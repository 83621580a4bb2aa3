package dev.parley.bootstrap.wiring;

import dev.parley.application.control.Approvals;
import dev.parley.application.event.SessionEffects;
import dev.parley.application.event.SessionFinisher;
import dev.parley.application.port.out.ToolApprovals;
import dev.parley.application.turn.AgentTurnEngine;
import dev.parley.application.usecase.control.CancelTurn;
import dev.parley.application.usecase.control.DecideToolApproval;
import dev.parley.application.control.ChatUnderLease;
import dev.parley.application.usecase.control.HandBackChat;
import dev.parley.application.usecase.control.HandOffChat;
import dev.parley.application.control.Handoffs;
import dev.parley.application.event.SessionEffects;
import dev.parley.application.usecase.control.PostOperatorMessage;
import dev.parley.application.control.RunningTurns;
import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatEventFeed;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.policy.Limits;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.port.out.WebhookOutbox;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Wires conversation control (issue 20): cancelling turns across instances, handoff, approvals, live feeds. */
@Factory
public class ControlFactory {

  /** This instance's running turns; they hear cancels from every instance through the event feed. */
  @Singleton
  RunningTurns runningTurns(ChatEventFeed feed) {
    RunningTurns running = new RunningTurns();
    feed.subscribe(running);
    return running;
  }

  @Singleton
  CancelTurn cancelTurn(ChatSessionRepository sessions, ChatEventNotifier events, Clock clock, Limits limits) {
    return new CancelTurn(sessions, events, clock, limits.turnWait());
  }

  /** {@code parley.control.human-wait}: how long a chat held by a person may sit idle before it ends (reason ttl). */
  @Singleton
  Handoffs handoffs(AgentRepository agents, ActivityLog activity, WebhookOutbox outbox, IdGenerator ids, ChatEventNotifier events,
                    @Value("${parley.control.human-wait:24h}") Duration humanWait, SessionEffects effects,
                    Approvals approvals) {
    return new Handoffs(agents, activity, outbox, ids, events, humanWait, effects.feed()).withApprovals(approvals);
  }

  @Singleton
  ChatUnderLease chatUnderLease(ChatSessionRepository sessions, ChatEventNotifier events, UnitOfWork uow, Clock clock,
                                IdGenerator ids, Limits limits) {
    return new ChatUnderLease(sessions, events, uow, clock, ids, limits.turnWait(), limits.turnLease());
  }

  /** Tool approval: a turn's pause at a tool that requires a person's decision. */
  @Singleton
  Approvals approvals(ToolApprovals store, AgentRepository agents, ActivityLog activity, WebhookOutbox outbox, IdGenerator ids,
                      ChatEventNotifier events) {
    return new Approvals(store, agents, activity, outbox, ids, events);
  }

  @Singleton
  DecideToolApproval decideToolApproval(ChatSessionRepository sessions, AgentRepository agents, Approvals approvals,
                                        ChatUnderLease chats, AgentTurnEngine engine, SessionFinisher finisher,
                                        SessionEffects effects, UnitOfWork uow, Clock clock,
                                        IdGenerator ids, Limits limits, RunningTurns running) {
    return new DecideToolApproval(sessions, agents, approvals, chats, engine, finisher, effects, uow, clock, ids,
        limits, running);
  }

  @Singleton
  dev.parley.application.usecase.control.GetPendingApproval getPendingApproval(ToolApprovals store) {
    return new dev.parley.application.usecase.control.GetPendingApproval(store);
  }

  @Singleton
  HandOffChat handOffChat(ChatSessionRepository sessions, ChatUnderLease chats, Handoffs handoffs) {
    return new HandOffChat(sessions, chats, handoffs);
  }

  @Singleton
  HandBackChat handBackChat(ChatSessionRepository sessions, ChatUnderLease chats, Handoffs handoffs) {
    return new HandBackChat(sessions, chats, handoffs);
  }

  @Singleton
  PostOperatorMessage postOperatorMessage(ChatUnderLease chats, ChatEventNotifier events, ActivityLog activity, Limits limits,
                                          SessionEffects effects) {
    return new PostOperatorMessage(chats, events, activity, limits, effects.feed());
  }

  /** The live feeds' reads of the event log (decision 0011). */
  @Singleton
  dev.parley.application.usecase.feed.ReadChatEvents readChatEvents(dev.parley.application.port.out.ChatEventLog log) {
    return new dev.parley.application.usecase.feed.ReadChatEvents(log);
  }
}
