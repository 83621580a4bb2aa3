package dev.parley.application.event;

import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.SessionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The finish pipeline's first step, shared by every ending: inside the caller's transaction it ends the session,
 * saves it, and hands the ending to {@link SessionEffects} (activity entry, completion event, notice).
 */
public final class SessionFinisher {
  private final ChatSessionRepository sessions;
  private final SessionEffects effects;
  private dev.parley.application.control.Approvals approvals; // null: nothing waits for approval

  public SessionFinisher(ChatSessionRepository sessions, SessionEffects effects) {
    this.sessions = sessions;
    this.effects = effects;
  }

  /** Every ending also cancels the tool approvals its chat still waits for, in the same transaction. */
  public SessionFinisher withApprovals(dev.parley.application.control.Approvals approvals) {
    this.approvals = approvals;
    return this;
  }

  /** Must run inside a transaction. Answers false (and changes nothing) if the session was already final. */
  public boolean finishWithin(ChatSession session, FinalReason reason, String note, Instant now) {
    List<SessionEvent> events = session.end(reason, now);
    if (events.isEmpty()) return false;
    sessions.save(session);
    if (approvals != null)
      approvals.cancelWithin(session.tenantId(), List.of(session.id()), dev.parley.application.control.Approvals.CHAT_ENDED, now);
    effects.dispatch(session, events, noted(note));
    return true;
  }

  /**
   * {@link #finishWithin} for many sessions at once (the TTL sweeper's batches): the same rows, written with one
   * batched statement per table. Must run inside a transaction. Answers how many it finished (sessions already final
   * are left alone).
   */
  public int finishAllWithin(List<ChatSession> candidates, FinalReason reason, Instant now) {
    List<ChatSession> ended = new ArrayList<>();
    List<SessionEffects.Raised> raised = new ArrayList<>();
    for (ChatSession session : candidates) {
      List<SessionEvent> events = session.end(reason, now);
      if (events.isEmpty()) continue;
      ended.add(session);
      raised.add(new SessionEffects.Raised(session, events, Map.of()));
    }
    if (ended.isEmpty()) return 0;
    sessions.saveAll(ended);
    if (approvals != null)
      ended.stream().collect(java.util.stream.Collectors.groupingBy(ChatSession::tenantId,
              java.util.stream.Collectors.mapping(ChatSession::id, java.util.stream.Collectors.toList())))
          .forEach((tenant, ids) -> approvals.cancelWithin(tenant, ids, dev.parley.application.control.Approvals.CHAT_ENDED, now));
    effects.dispatchAll(raised);
    return ended.size();
  }

  private static Map<String, Object> noted(String note) {
    Map<String, Object> detail = new HashMap<>();
    if (note != null && !note.isBlank()) detail.put("note", note);
    return detail;
  }
}
