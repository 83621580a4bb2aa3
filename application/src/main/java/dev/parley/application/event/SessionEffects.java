package dev.parley.application.event;

import dev.parley.application.policy.WireNames;
import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventLog;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.CompletionWebhook;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.SessionEvent;
import dev.parley.domain.session.SessionEvent.MessageAppended;
import dev.parley.domain.session.SessionEvent.SessionEnded;
import dev.parley.domain.session.SessionEvent.SessionOpened;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The one dispatcher of session events: turns what the aggregate says happened into its effects, inside the caller's
 * unit of work and after the session was saved. Opened: an {@code opened} activity entry. Ended: an {@code ended}
 * entry, the completion event in the outbox, and a notice to every instance. Messages appended: one notice per
 * batch. A committed turn: its {@code turn} activity entry ({@link #turnEnded}). Use cases never write these by hand.
 */
public final class SessionEffects {
  public static final String COMPLETED_EVENT = "chat.completed";

  private final ActivityLog activity;
  private final WebhookOutbox outbox;
  private final AgentRepository agents;
  private final IdGenerator ids;
  private final ChatEventNotifier notifier;
  private final FeedEvents feed;

  public SessionEffects(ActivityLog activity, WebhookOutbox outbox, AgentRepository agents, IdGenerator ids,
                        ChatEventNotifier notifier) {
    this(activity, outbox, agents, ids, notifier, ChatEventLog.NONE);
  }

  /** {@code log}: where the live feeds read every message and ending. */
  public SessionEffects(ActivityLog activity, WebhookOutbox outbox, AgentRepository agents, IdGenerator ids,
                        ChatEventNotifier notifier, ChatEventLog log) {
    this.feed = new FeedEvents(log);
    this.activity = activity;
    this.outbox = outbox;
    this.agents = agents;
    this.ids = ids;
    this.notifier = notifier;
  }

  /**
   * The effects of {@code events}, raised by {@code session} (already saved). {@code detail} is what the use case
   * adds to the activity entries (why it ended, how it was opened); none: empty.
   */
  /** The notifier the effects publish through: a turn stopped by a newer message is announced on it as well. */
  public ChatEventNotifier notifier() {
    return notifier;
  }

  /** The live feeds' events: a turn's steps are logged through it as well. */
  public FeedEvents feed() {
    return feed;
  }

  public void dispatch(ChatSession session, List<SessionEvent> events, Map<String, Object> detail) {
    apply(List.of(new Raised(session, events, detail)), false);
  }

  /** A session and what it raised, with the use case's additions to its activity entries. */
  public record Raised(ChatSession session, List<SessionEvent> events, Map<String, Object> detail) {
    public Raised {
      detail = detail == null ? Map.of() : detail;
    }
  }

  /**
   * What a turn did, for the chat's activity log: the messages it {@code produced}, the prompt variables it could not
   * fill, the model's error, the approval it resumed after (null: none), and whether it was stopped.
   */
  public record TurnEnded(UUID tenantId, UUID chatId, List<Message> produced, Set<String> unknownVariables, String error,
                          UUID afterApproval, boolean stopped, Instant at) {
    public TurnEnded {
      produced = List.copyOf(produced);
      unknownVariables = unknownVariables == null ? Set.of() : unknownVariables;
    }
  }

  /**
   * The effects of a committed turn, inside its unit of work: a {@code turn} activity entry and, for a turn that was
   * stopped, a {@code turn_stopped} entry with the messages it kept. The turn's messages and any ending are the
   * session's events, dispatched by {@link #dispatch}.
   */
  public void turnEnded(TurnEnded turn) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("messages", turn.produced().size());
    if (!turn.unknownVariables().isEmpty()) detail.put("unknown_variables", List.copyOf(turn.unknownVariables()));
    if (turn.afterApproval() != null) detail.put("after_approval", turn.afterApproval().toString());
    if (turn.error() != null) detail.put("error", turn.error());
    activity.record(turn.tenantId(), turn.chatId(), "turn", detail, turn.at());
    if (turn.stopped())
      activity.record(turn.tenantId(), turn.chatId(), "turn_stopped", Map.of("messages_kept", turn.produced().size()), turn.at());
  }

  /**
   * The effects of many sessions' events at once (the TTL sweeper's batches): one batched write per table, each agent
   * looked up once. Endings are announced before new messages, as the stores and sockets expect.
   */
  public void dispatchAll(List<Raised> raised) {
    apply(raised, true);
  }

  private void apply(List<Raised> raised, boolean batched) {
    List<ActivityLog.NewEntry> entries = new ArrayList<>();
    List<WebhookOutbox.Delivery> deliveries = new ArrayList<>();
    List<ChatEvent> notices = new ArrayList<>();
    List<ChatEvent> messageNotices = new ArrayList<>();
    Map<List<UUID>, Optional<CompletionWebhook>> hooks = new HashMap<>();
    for (Raised r : raised) {
      ChatSession s = r.session();
      Instant at = null;
      int appended = 0;
      for (SessionEvent event : r.events()) {
        if (event instanceof SessionOpened opened) {
          Map<String, Object> facts = new LinkedHashMap<>();
          facts.put("channel", opened.channel());
          facts.put("agent_id", opened.agentId().toString());
          entries.add(entry(s, "opened", opened.at(), facts, r.detail()));
        } else if (event instanceof SessionEnded ended) {
          Map<String, Object> facts = new LinkedHashMap<>();
          facts.put("reason", WireNames.of(ended.reason()));
          entries.add(entry(s, "ended", ended.at(), facts, r.detail()));
          CompletionWebhook hook = hooks.computeIfAbsent(List.of(s.tenantId(), s.agentId()), k -> webhookOf(s)).orElse(null);
          deliveries.add(new WebhookOutbox.Delivery(ids.newId(), s.tenantId(), s.id(), COMPLETED_EVENT,
              hook == null ? null : hook.url(), hook == null ? null : hook.secret(), WebhookOutbox.Status.PENDING, 0,
              ended.at(), null, ended.at(), null));
          if (notifier.announces(s.channel())) notices.add(ChatEvent.ended(s.tenantId(), s.id(), s.messageCount()));
          feed.ended(s, WireNames.of(ended.reason()), ended.at());
        } else if (event instanceof MessageAppended m) {
          appended++;
          at = m.at();
        }
      }
      if (appended > 0) feed.messages(s, s.messageCount() - appended, appended, at);
      if (appended > 0 && notifier.announces(s.channel()))
        messageNotices.add(ChatEvent.messages(s.tenantId(), s.id(), s.messageCount()));
    }
    if (batched) {
      if (!entries.isEmpty()) activity.recordAll(entries);
      if (!deliveries.isEmpty()) outbox.enqueueAll(deliveries);
    } else {
      entries.forEach(e -> activity.record(e.tenantId(), e.chatId(), e.kind(), e.detail(), e.at()));
      deliveries.forEach(outbox::enqueue);
    }
    notices.forEach(notifier::publish);
    messageNotices.forEach(notifier::publish);
  }

  /** An entry: the event's own facts first, then what the use case adds (blank notes left out). */
  private static ActivityLog.NewEntry entry(ChatSession s, String kind, Instant at, Map<String, Object> facts,
                                            Map<String, Object> added) {
    added.forEach((k, v) -> {
      if (v != null && !(v instanceof String text && text.isBlank())) facts.put(k, v);
    });
    return new ActivityLog.NewEntry(s.tenantId(), s.id(), kind, facts, at);
  }

  private Optional<CompletionWebhook> webhookOf(ChatSession s) {
    return agents.find(s.tenantId(), s.agentId()).map(Agent::definition).map(AgentDefinition::completionWebhook);
  }
}
