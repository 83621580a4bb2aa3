package dev.parley.application.control;

import dev.parley.application.event.FeedEvents;
import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.CompletionWebhook;
import dev.parley.domain.session.ChatSession;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chat's change of hands, inside the caller's transaction (the caller saves the session): the transition, its
 * activity entry, the signed webhook through the outbox to the agent's completion webhook, like chat.completed, and
 * a HANDED_OFF/HANDED_BACK notice for the sockets and live feeds of every instance (a NOTIFY in the transaction: heard at its commit).
 * Shared by the handoff routes and by a turn in which the agent called {@code transferToHuman}.
 */
public final class Handoffs {
  public static final String HANDOFF_REQUESTED = "chat.handoff_requested";
  public static final String HANDOFF_ENDED = "chat.handoff_ended";

  private final AgentRepository agents;
  private final ActivityLog activity;
  private final WebhookOutbox outbox;
  private final IdGenerator ids;
  private final ChatEventNotifier events;
  private final Duration humanWait;
  private final FeedEvents feed;
  private Approvals approvals; // null: nothing waits for approval

  /** {@code humanWait}: how long a chat held by a person may sit idle before it ends (its TTL waits meanwhile). */
  public Handoffs(AgentRepository agents, ActivityLog activity, WebhookOutbox outbox, IdGenerator ids, ChatEventNotifier events,
                  Duration humanWait) {
    this(agents, activity, outbox, ids, events, humanWait, new FeedEvents(dev.parley.application.port.out.ChatEventLog.NONE));
  }

  /** {@code feed}: where the live feeds read each change of hands. */
  public Handoffs(AgentRepository agents, ActivityLog activity, WebhookOutbox outbox, IdGenerator ids, ChatEventNotifier events,
                  Duration humanWait, FeedEvents feed) {
    this.feed = feed;
    this.events = events;
    this.agents = agents;
    this.activity = activity;
    this.outbox = outbox;
    this.ids = ids;
    this.humanWait = humanWait;
  }

  /** A handoff also cancels a tool call the agent's paused turn waits on: the agent no longer answers. */
  public Handoffs withApprovals(Approvals approvals) {
    this.approvals = approvals;
    return this;
  }

  /** Answers false (and records nothing) when a person already held the chat. */
  public boolean handOffWithin(ChatSession session, String reason, String by, Instant now) {
    if (session.handOff(reason, humanWait, now).isEmpty()) return false;
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("by", by);
    if (reason != null && !reason.isBlank()) detail.put("reason", reason);
    activity.record(session.tenantId(), session.id(), "handoff", detail, now);
    if (approvals != null)
      approvals.cancelWithin(session.tenantId(), java.util.List.of(session.id()), Approvals.PERSON_TOOK_OVER, now);
    enqueue(session, HANDOFF_REQUESTED, reason == null || reason.isBlank() ? null : reason, now);
    announce(session, true);
    feed.mode(session, reason, now);
    return true;
  }

  /** Answers false (and records nothing) when the agent already held the chat. */
  public boolean handBackWithin(ChatSession session, Instant now) {
    if (session.handBack(now).isEmpty()) return false;
    activity.record(session.tenantId(), session.id(), "handback", Map.of(), now);
    enqueue(session, HANDOFF_ENDED, null, now);
    announce(session, false);
    feed.mode(session, null, now);
    return true;
  }

  /** Sockets and live feeds show the change after the messages before it (delivered at the caller's commit). */
  private void announce(ChatSession session, boolean human) {
    if (events.announces(session.channel()))
      events.publish(ChatEvent.mode(session.tenantId(), session.id(), human, session.messageCount()));
  }

  private void enqueue(ChatSession session, String eventType, String reason, Instant now) {
    CompletionWebhook hook = agents.find(session.tenantId(), session.agentId())
        .map(Agent::definition).map(d -> d.completionWebhook()).orElse(null);
    if (hook == null) return; // nobody to tell: unlike chat.completed there is no analysis to run either
    outbox.enqueue(new WebhookOutbox.Delivery(ids.newId(), session.tenantId(), session.id(), eventType, hook.url(),
        hook.secret(), WebhookOutbox.Status.PENDING, 0, now, null, now, null, reason));
  }
}
