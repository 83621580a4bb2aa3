package dev.parley.application.event;

import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.CompletionWebhook;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.FinalReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The finish pipeline's first step, shared by every ending: inside the caller's transaction it marks the session
 * final, saves it, records the activity entry and enqueues the completion event (analysis, then webhook).
 */
public final class SessionFinisher {
  public static final String COMPLETED_EVENT = "chat.completed";

  private final ChatSessionRepository sessions;
  private final AgentRepository agents;
  private final ActivityLog activity;
  private final WebhookOutbox outbox;
  private final IdGenerator ids;
  private final ChatEventNotifier events;

  /** {@code events} hears of every ending in the ending's own transaction (live sockets on any instance). */
  public SessionFinisher(ChatSessionRepository sessions, AgentRepository agents, ActivityLog activity,
                         WebhookOutbox outbox, IdGenerator ids, ChatEventNotifier events) {
    this.sessions = sessions;
    this.agents = agents;
    this.activity = activity;
    this.outbox = outbox;
    this.ids = ids;
    this.events = events;
  }

  /** Must run inside a transaction. Answers false (and changes nothing) if the session was already final. */
  public boolean finishWithin(ChatSession session, FinalReason reason, String note, Instant now) {
    if (session.end(reason, now).isEmpty()) return false;
    sessions.save(session);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("reason", reason.wireName());
    if (note != null && !note.isBlank()) detail.put("note", note);
    activity.record(session.tenantId(), session.id(), "ended", detail, now);
    CompletionWebhook hook = agents.find(session.tenantId(), session.agentId())
        .map(Agent::definition).map(d -> d.completionWebhook()).orElse(null);
    outbox.enqueue(new WebhookOutbox.Delivery(ids.newId(), session.tenantId(), session.id(), COMPLETED_EVENT,
        hook == null ? null : hook.url(), hook == null ? null : hook.secret(), WebhookOutbox.Status.PENDING, 0, now,
        null, now, null));
    if (events.announces(session.channel()))
      events.publish(ChatEvent.ended(session.tenantId(), session.id(), session.savedMessageCount()));
    return true;
  }

  /**
   * {@link #finishWithin} for many sessions at once (the TTL sweeper's batches): the same rows, written with one
   * batched statement per table, and each agent looked up once. Must run inside a transaction. Answers how many it
   * finished (sessions already final are left alone).
   */
  public int finishAllWithin(List<ChatSession> candidates, FinalReason reason, Instant now) {
    List<ChatSession> ended = new ArrayList<>();
    for (ChatSession session : candidates) if (!session.end(reason, now).isEmpty()) ended.add(session);
    if (ended.isEmpty()) return 0;
    sessions.saveAll(ended);
    List<ActivityLog.NewEntry> entries = new ArrayList<>(ended.size());
    for (ChatSession session : ended) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("reason", reason.wireName());
      entries.add(new ActivityLog.NewEntry(session.tenantId(), session.id(), "ended", detail, now));
    }
    activity.recordAll(entries);
    Map<List<UUID>, Optional<CompletionWebhook>> hooks = new HashMap<>();
    List<WebhookOutbox.Delivery> deliveries = new ArrayList<>(ended.size());
    for (ChatSession session : ended) {
      CompletionWebhook hook = hooks.computeIfAbsent(List.of(session.tenantId(), session.agentId()),
          k -> agents.find(session.tenantId(), session.agentId()).map(Agent::definition).map(d -> d.completionWebhook()))
          .orElse(null);
      deliveries.add(new WebhookOutbox.Delivery(ids.newId(), session.tenantId(), session.id(), COMPLETED_EVENT,
          hook == null ? null : hook.url(), hook == null ? null : hook.secret(), WebhookOutbox.Status.PENDING, 0, now,
          null, now, null));
    }
    outbox.enqueueAll(deliveries);
    for (ChatSession session : ended) // the batched path announces endings too, so sockets elsewhere close
      if (events.announces(session.channel()))
        events.publish(ChatEvent.ended(session.tenantId(), session.id(), session.savedMessageCount()));
    return ended.size();
  }
}
