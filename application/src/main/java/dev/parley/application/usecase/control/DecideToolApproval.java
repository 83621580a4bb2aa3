package dev.parley.application.usecase.control;

import dev.parley.application.control.Approvals;
import dev.parley.application.control.ChatUnderLease;
import dev.parley.application.control.RunningTurns;
import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.event.SessionEffects;
import dev.parley.application.event.SessionFinisher;
import dev.parley.application.policy.Limits;
import dev.parley.application.policy.WireNames;
import dev.parley.application.port.in.DecideToolApprovalUseCase;
import dev.parley.application.port.in.TurnResult;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.ChatSessionRepository.StaleSessionException;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.TurnListener;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.turn.AgentTurnEngine;
import dev.parley.application.turn.TurnLease;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.SessionEvent;
import dev.parley.domain.session.SessionFinalException;
import dev.parley.domain.session.ToolApproval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Use case: a person's decision on a paused tool call, then the rest of the turn. Under the chat's turn lease, like a
 * turn: the decision is stored first with a conditional update (so of two decisions, or a decision and an ending,
 * exactly one wins), then the tool runs (approved) or the model is told it was denied, the model goes on, and the
 * result commits like a message turn's — possibly pausing again at another such tool.
 */
public final class DecideToolApproval implements DecideToolApprovalUseCase {
  private final ChatSessionRepository sessions;
  private final AgentRepository agents;
  private final Approvals approvals;
  private final ChatUnderLease chats;
  private final AgentTurnEngine engine;
  private final SessionFinisher finisher;
  private final SessionEffects effects;
  private final UnitOfWork uow;
  private final Clock clock;
  private final IdGenerator ids;
  private final Limits limits;
  private final RunningTurns running;

  public DecideToolApproval(ChatSessionRepository sessions, AgentRepository agents, Approvals approvals,
                            ChatUnderLease chats, AgentTurnEngine engine, SessionFinisher finisher, SessionEffects effects,
                            UnitOfWork uow, Clock clock, IdGenerator ids, Limits limits,
                            RunningTurns running) {
    this.sessions = sessions;
    this.agents = agents;
    this.approvals = approvals;
    this.chats = chats;
    this.engine = engine;
    this.finisher = finisher;
    this.effects = effects;
    this.uow = uow;
    this.clock = clock;
    this.ids = ids;
    this.limits = limits;
    this.running = running;
  }

  @Override
  public void precheck(Decision d) {
    pending(d);
  }

  @Override
  public TurnResult decide(Decision d, TurnListener listener) {
    ToolApproval.Decision decision = d.kind();
    ToolApproval approval = pending(d);
    UUID owner = ids.newId();
    Instant leaseUntil = clock.now().plus(limits.turnLease());
    chats.claim(d.tenantId(), d.chatId(), owner, false); // a running turn commits first
    boolean released = false;
    TurnLease lease = TurnLease.held(sessions, clock, d.tenantId(), d.chatId(), owner, limits.turnLease(), leaseUntil,
        running.start(owner));
    try {
      ToolApproval decided = approval.decide(decision, d.reason(), clock.now());
      boolean taken = uow.inTransaction(() -> {
        if (!approvals.store().decide(d.tenantId(), decided)) return false;
        approvals.recordDecision(d.tenantId(), decided, decided.decidedAt());
        return true;
      });
      if (!taken) throw decidedConflict(find(d)); // another decision, a newer message or the ending came first
      ChatSession session = sessions.find(d.tenantId(), d.chatId()).orElseThrow(() -> new NotFoundException("chat", d.chatId()));
      if (session.isFinal()) throw new SessionFinalException(d.chatId());
      Agent agent = agents.find(d.tenantId(), session.agentId())
          .orElseThrow(() -> new ConflictException("agent_missing", "the chat's agent no longer exists"));
      List<Message> all = session.messages();
      int historyStart = agent.definition().readsTranscript() ? 0 : lastUserMessage(all);
      AgentTurnEngine.TurnOutcome outcome = engine.resume(agent.definition(), new AgentTurnEngine.Conversation(d.tenantId(),
              session.id(), session.callId(), agent.id(), session.channel(), session.userId()),
          all.subList(historyStart, all.size()), historyStart, session.additionalData(), listener, lease, decided);
      lease.close(); // the commit checks the lease itself, in its transaction
      int firstSeq = session.messageCount();
      TurnResult result = commit(session, agent, outcome, lease, decided);
      released = true;
      listener.committed(firstSeq, session.messageCount());
      return result;
    } finally {
      lease.close();
      running.finish(owner);
      if (!released) sessions.releaseTurnLease(d.tenantId(), d.chatId(), owner);
    }
  }

  /** The turn's commit, as a message turn's (without a user message); it also releases the lease. */
  private TurnResult commit(ChatSession session, Agent agent, AgentTurnEngine.TurnOutcome outcome, TurnLease lease,
                            ToolApproval decided) {
    UUID tenantId = session.tenantId();
    try {
      int messageCount = session.messageCount() + outcome.newMessages().size();
      return uow.inTransaction(() -> {
        Instant now = clock.now();
        List<SessionEvent> appended = new ArrayList<>();
        for (Message m : outcome.newMessages()) appended.addAll(session.append(m, now));
        boolean cancelled = outcome.stopped();
        if (outcome.finish()) {
          if (!sessions.renewTurnLease(tenantId, session.id(), lease.owner(), now.plus(limits.turnLease())))
            throw new StaleSessionException(session.id()); // the row lock keeps the lease ours until the ending commits
          cancelled |= sessions.turnCancelRequested(tenantId, session.id(), lease.owner());
          finisher.finishWithin(session, FinalReason.AGENT_FINISH, null, now);
        } else {
          ChatSessionRepository.SavedTurn saved = sessions.saveTurnReleasingLease(session, lease.owner(), outcome.error() != null);
          cancelled |= saved.cancelRequested();
          if (saved.unansweredInARow() >= agent.definition().failedTurnsLimit())
            finisher.finishWithin(session, FinalReason.ERROR, saved.unansweredInARow() + " turns in a row could not be "
                + "answered; the last: " + outcome.error(), now);
        }
        effects.dispatch(session, appended, Map.of());
        ToolApproval pending = outcome.awaitingApproval() == null || session.isFinal() ? null
            : approvals.requestWithin(session, outcome.awaitingApproval(), messageCount, now);
        // names the approval it resumed after; a resumed turn records no unknown variables and no stop (as before)
        effects.turnEnded(new SessionEffects.TurnEnded(tenantId, session.id(), outcome.newMessages(), null, outcome.error(),
            decided.id(), false, now));
        if (outcome.finish()) sessions.releaseTurnLease(tenantId, session.id(), lease.owner());
        return new TurnResult(session.id(), outcome.newMessages(), session.isFinal(),
            WireNames.of(session.finalReason().orElse(null)), cancelled, pending);
      });
    } catch (StaleSessionException e) {
      throw lease.lostConflict(); // the chat ended while the tool or the model ran
    }
  }

  /** The approval, still pending; 404 when the chat has no such approval, 409 when it was decided or cancelled. */
  private ToolApproval pending(Decision d) {
    ToolApproval approval = find(d);
    if (!approval.isPending()) throw decidedConflict(approval);
    return approval;
  }

  private ToolApproval find(Decision d) {
    return approvals.store().find(d.tenantId(), d.chatId(), d.approvalId())
        .orElseThrow(() -> new NotFoundException("approval", d.approvalId()));
  }

  private static ConflictException decidedConflict(ToolApproval approval) {
    return approval.status() == ToolApproval.Status.CANCELLED
        ? new ConflictException("approval_cancelled", "approval " + approval.id() + " was cancelled: " + approval.reason())
        : new ConflictException("approval_decided", "approval " + approval.id() + " was already " + WireNames.of(approval.status()));
  }

  private static int lastUserMessage(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) if (messages.get(i).role() == Role.USER) return i;
    return 0;
  }
}
