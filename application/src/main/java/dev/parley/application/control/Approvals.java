package dev.parley.application.control;

import dev.parley.application.policy.WireNames;
import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.ToolApprovals;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.CompletionWebhook;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.ToolApproval;
import dev.parley.domain.session.ToolCall;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A turn's pause for a person's decision, inside the caller's transaction: the pending approval, its activity entry,
 * the signed chat.approval_requested webhook through the outbox (its event id is the approval's id, so the payload
 * names the approval whatever happened to it before delivery), and an APPROVAL_REQUESTED notice for sockets and live
 * feeds. Also cancels what still waits when the chat ends, the user moves on or a person takes the chat over.
 */
public final class Approvals {
  public static final String APPROVAL_REQUESTED = "chat.approval_requested";
  /** The reasons a pending approval was cancelled with. */
  public static final String CHAT_ENDED = "the chat ended";
  public static final String USER_MOVED_ON = "a newer user message replaced the paused turn";
  public static final String PERSON_TOOK_OVER = "a person took the chat over";

  private final ToolApprovals approvals;
  private final AgentRepository agents;
  private final ActivityLog activity;
  private final WebhookOutbox outbox;
  private final IdGenerator ids;
  private final ChatEventNotifier events;

  public Approvals(ToolApprovals approvals, AgentRepository agents, ActivityLog activity, WebhookOutbox outbox,
                   IdGenerator ids, ChatEventNotifier events) {
    this.approvals = approvals;
    this.agents = agents;
    this.activity = activity;
    this.outbox = outbox;
    this.ids = ids;
    this.events = events;
  }

  /** The store itself, for reads and decisions. */
  public ToolApprovals store() {
    return approvals;
  }

  /** {@code session}'s turn paused at {@code call}; {@code messageCount}: the transcript's length once the turn commits. */
  public ToolApproval requestWithin(ChatSession session, ToolCall call, long messageCount, Instant now) {
    ToolApproval approval = ToolApproval.request(ids.newId(), session.id(), call, now);
    approvals.insert(session.tenantId(), approval);
    activity.record(session.tenantId(), session.id(), "approval_requested",
        Map.of("approval_id", approval.id().toString(), "tool", call.name()), now);
    CompletionWebhook hook = agents.find(session.tenantId(), session.agentId())
        .map(Agent::definition).map(d -> d.completionWebhook()).orElse(null);
    if (hook != null)
      outbox.enqueue(new WebhookOutbox.Delivery(approval.id(), session.tenantId(), session.id(), APPROVAL_REQUESTED,
          hook.url(), hook.secret(), WebhookOutbox.Status.PENDING, 0, now, null, now, null));
    if (events.announces(session.channel()))
      events.publish(ChatEvent.approvalRequested(session.tenantId(), session.id(), approval.id(), messageCount));
    return approval;
  }

  /** Records a decision taken (the caller stored it) in the chat's activity log. */
  public void recordDecision(UUID tenantId, ToolApproval decided, Instant now) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("approval_id", decided.id().toString());
    detail.put("tool", decided.call().name());
    detail.put("decision", WireNames.of(decided.status()));
    if (decided.reason() != null && !decided.reason().isBlank()) detail.put("reason", decided.reason());
    activity.record(tenantId, decided.chatId(), "approval_decided", detail, now);
  }

  /** Cancels what the chats still wait for, inside the caller's transaction. */
  public int cancelWithin(UUID tenantId, List<UUID> chatIds, String reason, Instant now) {
    return chatIds.isEmpty() ? 0 : approvals.cancelPending(tenantId, chatIds, reason, now);
  }
}
