package dev.parley.application.usecase.chat;

import dev.parley.application.policy.WireNames;
import dev.parley.application.control.Approvals;
import dev.parley.application.control.Handoffs;
import dev.parley.application.control.RunningTurns;
import dev.parley.application.control.TurnSignal;
import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.error.SpendCapReachedException;
import dev.parley.application.error.UnprocessableException;
import dev.parley.application.event.FeedEvents.TurnState;
import dev.parley.application.event.SessionEffects;
import dev.parley.application.event.SessionFinisher;
import dev.parley.application.policy.InputLimits;
import dev.parley.application.policy.Limits;
import dev.parley.application.port.in.SubmitTurnCommand;
import dev.parley.application.port.in.SubmitUserTurnUseCase;
import dev.parley.application.port.in.TurnResult;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.ChatSessionRepository.StaleSessionException;
import dev.parley.application.port.out.ClientTools;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.TurnListener;
import dev.parley.application.port.out.TurnRecords;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.turn.AgentTurnEngine;
import dev.parley.application.turn.SpendCapCheck;
import dev.parley.application.turn.TurnLease;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.common.Sha256;
import dev.parley.domain.session.AdditionalData;
import dev.parley.domain.session.BusyPolicy;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.SessionEvent;
import dev.parley.domain.session.SessionFinalException;
import dev.parley.domain.session.SessionStatus;
import dev.parley.domain.session.ToolApproval;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Use case: one user turn on a stateful session. Turns on a session are serialised by a lease claimed with a
 * short conditional update; the model and tools run while no database connection is held; the results are
 * committed in a second short transaction. A retried idempotency key replays the earlier answer.
 */
public final class SubmitUserTurn implements SubmitUserTurnUseCase {
  private final ChatSessionRepository sessions;
  private final AgentRepository agents;
  private final TurnRecords turns;
  private final SessionFinisher finisher;
  private final AgentTurnEngine engine;
  private final UnitOfWork uow;
  private final Clock clock;
  private final IdGenerator ids;
  private final Limits limits;
  private final SessionEffects effects;
  private final InputLimits inputs;
  private final LeaseClaim leaseClaim;
  private RunningTurns running = new RunningTurns();
  private SpendCapCheck spendCaps = SpendCapCheck.NONE;
  private Handoffs handoffs; // null: transferToHuman is answered but changes nothing (use cases built without it)
  private Approvals approvals; // null: no tool waits for approval (use cases built without it)

  /** {@code inputs} bounds the turn's additional data and the transcript's length. */
  public SubmitUserTurn(ChatSessionRepository sessions, AgentRepository agents, TurnRecords turns,
                        SessionFinisher finisher, AgentTurnEngine engine, UnitOfWork uow, Clock clock, IdGenerator ids,
                        Limits limits, SessionEffects effects, InputLimits inputs) {
    this.sessions = sessions;
    this.agents = agents;
    this.turns = turns;
    this.finisher = finisher;
    this.engine = engine;
    this.uow = uow;
    this.clock = clock;
    this.ids = ids;
    this.limits = limits;
    this.effects = effects;
    this.inputs = inputs;
    this.leaseClaim = new LeaseClaim(sessions, agents, uow, clock, limits, effects);
  }

  /** Where this instance's running turns are registered, so a cancel from any instance reaches them. */
  public SubmitUserTurn withRunningTurns(RunningTurns running) {
    this.running = running;
    return this;
  }

  /** Refuses model turns over a spend cap (before the model is called, under the lease). */
  public SubmitUserTurn withSpendCaps(SpendCapCheck spendCaps) {
    this.spendCaps = spendCaps;
    return this;
  }

  /** Applies the agent's {@code transferToHuman} in the turn's own commit. */
  public SubmitUserTurn withHandoffs(Handoffs handoffs) {
    this.handoffs = handoffs;
    return this;
  }

  /** Pauses turns at tools that require approval; a newer message cancels an approval still pending. */
  public SubmitUserTurn withApprovals(Approvals approvals) {
    this.approvals = approvals;
    return this;
  }

  @Override
  public TurnResult submit(SubmitTurnCommand cmd) {
    return submit(cmd, null, TurnListener.NONE);
  }

  /**
   * The checks a streaming transport makes before it commits to a stream: valid input, the chat exists and is
   * active. The turn itself checks again (the chat may end in between).
   */
  @Override
  public void precheck(SubmitTurnCommand cmd) {
    validate(cmd);
    SessionStatus status = sessions.findStatus(cmd.tenantId(), cmd.chatId())
        .orElseThrow(() -> new NotFoundException("chat", cmd.chatId()));
    Optional<TurnRecords.TurnRecord> earlier = cmd.idempotencyKey() == null ? Optional.empty()
        : turns.find(cmd.tenantId(), cmd.chatId(), cmd.idempotencyKey());
    earlier.ifPresent(record -> requireSameRequest(cmd, record));
    if (status == SessionStatus.FINAL && earlier.isEmpty()) throw new SessionFinalException(cmd.chatId());
    if (earlier.isEmpty() && sessions.liveTurnLeaseOwner(cmd.tenantId(), cmd.chatId(), clock.now()).isPresent()
        && leaseClaim.busyPolicy(cmd) == BusyPolicy.REJECT)
      throw LeaseClaim.busy(cmd.chatId()); // before the stream's 200
  }

  @Override
  public TurnResult submit(SubmitTurnCommand cmd, ClientTools clientTools,
                           TurnListener listener) {
    validate(cmd);
    Optional<TurnResult> replay = replay(cmd);
    if (replay.isPresent()) return replay.get();
    UUID leaseOwner = ids.newId();
    Instant leaseUntil = clock.now().plus(limits.turnLease()); // no later than the claim's own
    Start start = claimLease(cmd, leaseOwner); // committed with its checks and the "typing" event: one commit
    ChatSession session = start.session();
    Agent agent = start.agent();
    boolean released = false;
    boolean ran = start.ran(); // the agent was asked: the live feeds saw the turn start
    TurnSignal signal = running.start(leaseOwner);
    TurnLease lease = TurnLease.held(sessions, clock, cmd.tenantId(), cmd.chatId(), leaseOwner, limits.turnLease(), leaseUntil,
        signal);
    try {
      if (start.replay() != null) return start.replay(); // a duplicate finished while we waited for the lease
      if (start.refused() != null) throw start.refused();
      Message userMessage = Message.user(cmd.content(), clock.now());
      List<Message> history = new ArrayList<>(session.messages()); // empty unless the agent reads the transcript
      int historyStart = session.messageCount() - history.size();
      history.add(userMessage);
      AdditionalData data = session.additionalData().overriddenBy(AdditionalData.of(cmd.additionalData()));
      AgentTurnEngine.TurnOutcome outcome = !session.agentAnswers() // a person holds the chat: stored, not answered
          ? new AgentTurnEngine.TurnOutcome(List.of(), false, java.util.Set.of(), null)
          : engine.run(agent.definition(), new AgentTurnEngine.Conversation(cmd.tenantId(), session.id(), session.callId(),
              agent.id(), session.channel(), session.userId()), history, historyStart, data, clientTools, listener, lease);
      lease.close(); // the commit checks the lease itself, in its transaction
      TurnResult result = commit(cmd, session, agent, userMessage, outcome, lease, ran, listener);
      released = true; // the commit released the lease in its own transaction
      listener.committed(session.messageCount() - outcome.newMessages().size() - 1, session.messageCount());
      return result;
    } finally {
      lease.close();
      running.finish(leaseOwner);
      if (ran && !released) turnFailed(cmd); // a started turn always shows how it ended
      if (!released) sessions.releaseTurnLease(cmd.tenantId(), cmd.chatId(), leaseOwner);
    }
  }

  /** The turn's second short transaction; it also releases the turn lease, so a turn commits twice, not three times. */
  private TurnResult commit(SubmitTurnCommand cmd, ChatSession session, Agent agent, Message userMessage,
                            AgentTurnEngine.TurnOutcome outcome, TurnLease lease, boolean ran, TurnListener listener) {
    UUID leaseOwner = lease.owner();
    try {
      return listener.commitInOrder(() -> uow.inTransaction(() -> {
        Instant now = clock.now();
        int firstSeq = session.messageCount();
        List<SessionEvent> appended = new ArrayList<>(session.append(userMessage, now));
        for (Message m : outcome.newMessages()) appended.addAll(session.append(m, now));
        int lastSeq = firstSeq + outcome.newMessages().size();
        boolean cancelled = outcome.stopped();
        if (approvals != null) // the user moved on: a paused turn is not resumed behind their newer message
          approvals.cancelWithin(cmd.tenantId(), List.of(cmd.chatId()), Approvals.USER_MOVED_ON, now);
        String transfer = transferRequested(outcome);
        if (transfer != null && !outcome.finish() && handoffs != null)
          handoffs.handOffWithin(session, transfer.isEmpty() ? null : transfer, "agent", now); // saved below
        if (outcome.finish()) {
          // the row lock this takes keeps the lease ours until the ending commits
          if (!sessions.renewTurnLease(cmd.tenantId(), cmd.chatId(), leaseOwner, now.plus(limits.turnLease())))
            throw new StaleSessionException(cmd.chatId());
          cancelled |= sessions.turnCancelRequested(cmd.tenantId(), cmd.chatId(), leaseOwner);
          finisher.finishWithin(session, FinalReason.AGENT_FINISH, null, now);
        } else {
          ChatSessionRepository.SavedTurn saved = sessions.saveTurnReleasingLease(session, leaseOwner, outcome.error() != null);
          cancelled |= saved.cancelRequested(); // a cancel that came as the turn finished: the two answers agree
          int unansweredInARow = saved.unansweredInARow();
          if (unansweredInARow >= agent.definition().failedTurnsLimit()) // a chat the model cannot serve ends
            finisher.finishWithin(session, FinalReason.ERROR, unansweredInARow + " turns in a row could not be answered; "
                + "the last: " + outcome.error(), now);
        }
        if (ran) effects.feed().turn(cmd.tenantId(), cmd.chatId(), cancelled ? TurnState.CANCELLED
            : outcome.error() != null ? TurnState.FAILED : TurnState.FINISHED, outcome.newMessages(), outcome.error(), now);
        effects.dispatch(session, appended, Map.of()); // after any ending's effects, as sockets expect
        ToolApproval pending = outcome.awaitingApproval() == null || session.isFinal() || approvals == null ? null
            : approvals.requestWithin(session, outcome.awaitingApproval(), lastSeq + 1, now);
        effects.turnEnded(new SessionEffects.TurnEnded(cmd.tenantId(), cmd.chatId(), outcome.newMessages(),
            outcome.unknownVariables(), outcome.error(), null, cancelled, now));
        if (cmd.idempotencyKey() != null)
          turns.insert(cmd.tenantId(), new TurnRecords.TurnRecord(cmd.chatId(), cmd.idempotencyKey(), firstSeq + 1, lastSeq,
              session.isFinal(), requestHash(cmd)), now); // ended by the agent, or by failing turns
        if (outcome.finish()) sessions.releaseTurnLease(cmd.tenantId(), cmd.chatId(), leaseOwner);
        listener.withinCommit(firstSeq, outcome.newMessages()); // the transport's own records of the turn, same commit
        return new TurnResult(session.id(), outcome.newMessages(), session.isFinal(),
            WireNames.of(session.finalReason().orElse(null)), cancelled, pending);
      }));
    } catch (StaleSessionException e) {
      throw lease.lostConflict(); // an ending changed the session, or another turn took the lease over
    }
  }

  /** A started turn that did not commit (lost its lease, the store failed): told to the feeds, best effort. */
  private void turnFailed(SubmitTurnCommand cmd) {
    try {
      effects.feed().turn(cmd.tenantId(), cmd.chatId(), TurnState.FAILED, List.of(), "the turn did not complete", clock.now());
    } catch (RuntimeException e) {
      // the store is failing; the turn's caller hears of it, and a feed's reader sees no finish
    }
  }

  /** The reason the agent gave when it called transferToHuman in this turn ("" for none); null if it did not. */
  private static String transferRequested(AgentTurnEngine.TurnOutcome outcome) {
    for (Message m : outcome.newMessages())
      for (var call : m.toolCalls())
        if (ToolDefinition.TRANSFER_TO_HUMAN.equals(call.name()))
          return call.arguments() instanceof Map<?, ?> args && args.get("reason") instanceof String r ? r : "";
    return null;
  }

  private Optional<TurnResult> replay(SubmitTurnCommand cmd) {
    if (cmd.idempotencyKey() == null) return Optional.empty();
    return turns.find(cmd.tenantId(), cmd.chatId(), cmd.idempotencyKey()).map(record -> {
      requireSameRequest(cmd, record);
      ChatSession session = sessions.find(cmd.tenantId(), cmd.chatId())
          .orElseThrow(() -> new NotFoundException("chat", cmd.chatId()));
      List<Message> all = session.messages();
      List<Message> answer = all.subList(Math.min(record.firstSeq(), all.size()), Math.min(record.lastSeq() + 1, all.size()));
      ToolApproval pending = approvals == null || record.lastSeq() + 1 != all.size() ? null // nothing came after it
          : approvals.store().findPending(cmd.tenantId(), cmd.chatId()).orElse(null);
      return new TurnResult(session.id(), List.copyOf(answer), record.endedSession() || session.isFinal(),
          WireNames.of(session.finalReason().orElse(null)), false, pending);
    });
  }

  /** The same key with other content is another request: refused (422), never answered with the earlier turn. */
  private static void requireSameRequest(SubmitTurnCommand cmd, TurnRecords.TurnRecord record) {
    if (record.requestHash() != null && !MessageDigest.isEqual(record.requestHash(), requestHash(cmd)))
      throw new UnprocessableException("idempotency_key '" + cmd.idempotencyKey() + "' was already used with a different message");
  }

  /** What a turn was sent with, for {@link #requireSameRequest}: its content and additional data. */
  private static byte[] requestHash(SubmitTurnCommand cmd) {
    Map<String, Object> data = cmd.additionalData() == null ? Map.of() : new TreeMap<>(cmd.additionalData());
    return Sha256.of(cmd.content() + "\n" + data);
  }

  /** What the lease's claim found and checked: the session, its agent, whether the agent was asked; or a replay. */
  private record Start(ChatSession session, Agent agent, boolean ran, TurnResult replay, RuntimeException refused) {}

  /**
   * Claims the chat's turn lease ({@link LeaseClaim}); the successful claim commits together with the turn's checks
   * and its "typing" event ({@link #begin}); a check that refuses rolls the claim back, so no lease is left to release.
   */
  private Start claimLease(SubmitTurnCommand cmd, UUID owner) {
    return leaseClaim.claim(cmd, owner, claimed -> begin(cmd, claimed));
  }

  /**
   * The turn's checks under the lease just claimed (inside the claim's transaction): a duplicate that finished while
   * this one waited, room in the transcript, the agent, the transcript if the agent reads it (nothing else appends
   * meanwhile), the spend caps; then the "typing" event, written when the claim commits.
   */
  private Start begin(SubmitTurnCommand cmd, ChatSession claimed) {
    Optional<TurnResult> replay = replay(cmd);
    if (replay.isPresent()) return new Start(claimed, null, false, replay.get(), null);
    inputs.checkRoomInTranscript(cmd.chatId(), claimed.messageCount());
    Agent agent = agents.find(cmd.tenantId(), claimed.agentId())
        .orElseThrow(() -> new ConflictException("agent_missing", "the chat's agent no longer exists"));
    ChatSession session = claimed;
    if (agent.definition().readsTranscript()) {
      session = sessions.find(cmd.tenantId(), cmd.chatId()).orElseThrow(() -> new NotFoundException("chat", cmd.chatId()));
      if (session.isFinal()) throw new SessionFinalException(cmd.chatId()); // ended between the claim and this read
    }
    if (!session.agentAnswers()) return new Start(session, agent, false, null, null);
    try {
      spendCaps.check(cmd.tenantId(), agent.id(), session.id(), agent.definition());
    } catch (SpendCapReachedException e) { // its activity entry commits; the lease is released after (submit's finally)
      return new Start(session, agent, false, null, e);
    }
    effects.feed().turn(cmd.tenantId(), cmd.chatId(), TurnState.STARTED, List.of(), null, clock.now()); // "typing"
    return new Start(session, agent, true, null, null);
  }

  /** The configured bounds; the command refused at construction what is wrong whatever the configuration. */
  private void validate(SubmitTurnCommand cmd) {
    limits.checkMessageLength("content", "/content", cmd.content());
    inputs.checkData("/additional_data", cmd.additionalData());
  }

}
