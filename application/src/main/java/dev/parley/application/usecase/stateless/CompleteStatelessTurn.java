package dev.parley.application.usecase.stateless;

import dev.parley.application.error.ConflictException;
import dev.parley.application.error.InvalidStateException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.application.event.SessionEffects;
import dev.parley.application.event.SessionFinisher;
import dev.parley.application.policy.AgentValidation;
import dev.parley.application.policy.InputLimits;
import dev.parley.application.policy.Limits;
import dev.parley.application.policy.WireNames;
import dev.parley.application.port.in.CompleteStatelessTurnUseCase;
import dev.parley.application.port.in.StatelessTurnCommand;
import dev.parley.application.port.in.StatelessTurnCommand.InputMessage;
import dev.parley.application.port.in.StatelessTurnResult;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.ChatSessionRepository.StaleSessionException;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.OutboundUrlPolicy;
import dev.parley.application.port.out.StateSealer;
import dev.parley.application.port.out.StatelessState;
import dev.parley.application.port.out.TurnListener;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.turn.AgentTurnEngine;
import dev.parley.application.turn.SpendCapCheck;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.AdditionalData;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.SessionFinalException;
import dev.parley.domain.session.OpenSessionSpec;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.SessionStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Use case: one stateless completion turn (seed 03). The client owns the history; the server carries only a
 * sealed state from turn to turn. The conversation is a chat session on channel {@code api}, written at its
 * first turn and at its end; a turn in between writes nothing and only reads whether the call has ended, which
 * is what keeps this endpoint cheap. An earlier state presented with its own earlier history is a branch
 * ("regenerate", "edit my last message") and is answered like any other turn.
 */
public final class CompleteStatelessTurn implements CompleteStatelessTurnUseCase {
  private static final DateTimeFormatter TITLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final AgentRepository agents;
  private final ChatSessionRepository sessions;
  private final SessionEffects effects;
  private final SessionFinisher finisher;
  private final AgentTurnEngine engine;
  private final LanguageModel model;
  private final OutboundUrlPolicy urls;
  private final StateSealer sealer;
  private final UnitOfWork uow;
  private final Clock clock;
  private final IdGenerator ids;
  private final Limits limits;
  private final InputLimits inputs;
  private SpendCapCheck spendCaps = SpendCapCheck.NONE;

  /** {@code inputs} bounds the turn's additional data. */
  public CompleteStatelessTurn(AgentRepository agents, ChatSessionRepository sessions, SessionEffects effects,
                               SessionFinisher finisher, AgentTurnEngine engine, LanguageModel model, OutboundUrlPolicy urls,
                               StateSealer sealer, UnitOfWork uow, Clock clock, IdGenerator ids, Limits limits,
                               InputLimits inputs) {
    this.agents = agents;
    this.sessions = sessions;
    this.effects = effects;
    this.finisher = finisher;
    this.engine = engine;
    this.model = model;
    this.urls = urls;
    this.sealer = sealer;
    this.uow = uow;
    this.clock = clock;
    this.ids = ids;
    this.limits = limits;
    this.inputs = inputs;
  }

  /** Refuses turns of a model agent at or over a spend cap (per agent per day, per tenant per day, per chat). */
  public CompleteStatelessTurn withSpendCaps(SpendCapCheck spendCaps) {
    this.spendCaps = spendCaps;
    return this;
  }

  /** The agent driving this turn, and how the state refers to it. */
  private record DrivingAgent(UUID storedId, AgentDefinition definition, String inlineDigest) {}

  @Override
  public StatelessTurnResult complete(StatelessTurnCommand cmd) {
    inputs.checkData("/additional_data", cmd.additionalData());
    List<Message> history = history(cmd.messages());
    DrivingAgent agent = drivingAgent(cmd);
    StatelessState previous = cmd.state() == null ? null : sealer.open(cmd.state(), cmd.tenantId());

    UUID chatId;
    UUID callId;
    UUID agentId;
    if (previous == null) {
      chatId = ids.newId();
      callId = ids.newId();
      // An inline agent is recorded as a hidden snapshot with an id of its own, so the finish pipeline
      // (analysis, completion webhook) finds it like any stored agent.
      agentId = agent.storedId() != null ? agent.storedId() : ids.newId();
    } else {
      requireSameAgent(previous, agent);
      chatId = previous.chatId();
      callId = previous.callId();
      agentId = previous.agentId();
      requireNotEnded(cmd.tenantId(), chatId);
    }

    HistoryDigest digest = HistoryDigest.start();
    for (int i = 0; i < history.size() - 1; i++) digest.add(history.get(i));
    if (previous != null && !digest.current().equals(previous.historyDigest())) throw InvalidStateException.historyMismatch();
    digest.add(history.get(history.size() - 1));
    // after the input checks, before the model is called; a first turn's chat is not stored yet (no per-chat sum,
    // no activity entry)
    spendCaps.check(cmd.tenantId(), agentId, previous == null ? null : chatId, agent.definition());

    AdditionalData data = AdditionalData.of(cmd.additionalData());
    AgentTurnEngine.TurnOutcome outcome = engine.run(agent.definition(),
        new AgentTurnEngine.Conversation(cmd.tenantId(), chatId, callId, agentId, CHANNEL, null), history, data, null,
        TurnListener.NONE);
    outcome.newMessages().forEach(digest::add);

    FinalReason ending = outcome.finish() ? FinalReason.AGENT_FINISH : cmd.finish() ? FinalReason.USER_END : null;
    int turn = previous == null ? 1 : previous.turn() + 1;
    List<Message> transcript = new ArrayList<>(history);
    transcript.addAll(outcome.newMessages());
    if (previous == null) {
      recordFirstTurn(cmd.tenantId(), chatId, callId, agentId, agent, data, transcript, ending);
    } else if (ending != null) {
      recordEnd(cmd.tenantId(), chatId, transcript, ending, turn);
    }

    String next = ending != null ? null : sealer.seal(new StatelessState(cmd.tenantId(), chatId, callId, agentId,
        agent.inlineDigest(), turn, digest.current(), clock.now()));
    return new StatelessTurnResult(outcome.newMessages(), next, ending != null, chatId, callId);
  }

  /** The history as messages, within the configured bounds (the command checked its roles and its last message). */
  private List<Message> history(List<InputMessage> input) {
    if (input.size() > limits.maxStatelessHistory())
      throw new PayloadTooLargeException("messages holds " + input.size() + " messages; the limit is " + limits.maxStatelessHistory());
    Instant now = clock.now();
    List<Message> history = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      InputMessage m = input.get(i);
      String field = "messages[" + i + "]";
      limits.checkMessageLength(field + ".content", "/messages/" + i + "/content", m.content());
      Role role = WireNames.clientRole(field + ".role", m.role());
      history.add(new Message(role, m.content(), m.toolCalls(), m.time() == null ? now : m.time()));
    }
    return history;
  }

  /** The stored or the inline agent (the command holds exactly one of them). */
  private DrivingAgent drivingAgent(StatelessTurnCommand cmd) {
    if (cmd.agentId() != null) {
      Agent stored = agents.find(cmd.tenantId(), cmd.agentId())
          .orElseThrow(() -> new InvalidValueException("agent.id", "agent " + cmd.agentId() + " does not exist"));
      if (stored.deleted()) throw new InvalidValueException("agent.id", "agent " + cmd.agentId() + " has been deleted");
      return new DrivingAgent(stored.id(), stored.definition(), null);
    }
    // The same inline definition comes with every turn; checking it once per turn is cheap (patterns are cached).
    AgentValidation.validateInline(model, urls, engine.routes(), cmd.tenantId(), cmd.inlineAgent());
    return new DrivingAgent(null, cmd.inlineAgent(), InlineAgentDigest.of(cmd.inlineAgent()));
  }

  private static void requireSameAgent(StatelessState previous, DrivingAgent agent) {
    boolean same = agent.storedId() != null
        ? !previous.hasInlineAgent() && previous.agentId().equals(agent.storedId())
        : agent.inlineDigest().equals(previous.inlineAgentDigest());
    if (!same) throw InvalidStateException.agentMismatch();
  }

  /** The one read of a turn in the middle of a conversation: whether its call has ended. */
  private void requireNotEnded(UUID tenantId, UUID chatId) {
    SessionStatus status = sessions.findStatus(tenantId, chatId).orElseThrow(() -> new NotFoundException("chat", chatId));
    if (status == SessionStatus.FINAL) throw ended(chatId);
  }

  /** First turn: the session, with the transcript so far, in one transaction (and its ending, if it ends at once). */
  private void recordFirstTurn(UUID tenantId, UUID chatId, UUID callId, UUID agentId, DrivingAgent agent,
                               AdditionalData data, List<Message> transcript, FinalReason ending) {
    uow.run(() -> {
      Instant now = clock.now();
      if (agent.storedId() == null)
        agents.insert(new Agent(agentId, tenantId, agent.definition(), now, now, true)); // hidden: never listed nor reusable by id
      ChatSession.Opened opened = ChatSession.opening(new OpenSessionSpec(chatId, callId, tenantId, agentId, CHANNEL, null, null,
          "Stateless chat · " + TITLE_TIME.format(now), Map.of(), data, null), now);
      ChatSession session = opened.session();
      for (Message m : transcript) session.append(m, now);
      sessions.insert(session);
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("stateless", true);
      if (agent.inlineDigest() != null) detail.put("inline_agent_digest", agent.inlineDigest());
      effects.dispatch(session, opened.events(), detail);
      if (ending != null) finisher.finishWithin(session, ending, "stateless conversation ended on turn 1", now);
    });
  }

  /**
   * Last turn: appends what the stored transcript does not have yet (everything after the first turn; the state's
   * digest chain guarantees the stored first turn is a prefix of this history) and runs the finish pipeline.
   */
  private void recordEnd(UUID tenantId, UUID chatId, List<Message> transcript, FinalReason ending, int turn) {
    try {
      uow.run(() -> {
        Instant now = clock.now();
        ChatSession session = sessions.find(tenantId, chatId).orElseThrow(() -> new NotFoundException("chat", chatId));
        if (session.isFinal()) throw ended(chatId); // another branch ended it while this turn ran
        for (int i = session.messageCount(); i < transcript.size(); i++) session.append(transcript.get(i), now);
        finisher.finishWithin(session, ending, "stateless conversation ended on turn " + turn, now);
      });
    } catch (StaleSessionException raced) {
      throw ended(chatId);
    }
  }

  private static SessionFinalException ended(UUID chatId) {
    return new SessionFinalException("conversation " + chatId
        + " has ended; its states are no longer accepted (start a new conversation with state null)");
  }
}
