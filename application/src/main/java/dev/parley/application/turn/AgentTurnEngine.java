package dev.parley.application.turn;

import dev.parley.application.port.out.ClientTools;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.LanguageModel.ModelReply;
import dev.parley.application.port.out.LanguageModel.ModelRequest;
import dev.parley.application.port.out.LanguageModel.TextReply;
import dev.parley.application.port.out.LanguageModel.ToolCallsReply;
import dev.parley.application.port.out.ModelRoute;
import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.port.out.TurnListener;
import dev.parley.application.usecase.chat.SubmitUserTurn;
import dev.parley.application.tool.McpToolbox;
import dev.parley.application.tracing.TurnTracer;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.PromptTemplate;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.AdditionalData;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolApproval;
import dev.parley.domain.session.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs one agent turn: renders the prompt, asks the model, executes the tools it calls (bounded rounds), and
 * answers the new messages — each tool round as one assistant tool-turn, then the reply. Holds no database
 * connection: callers persist the outcome afterwards.
 */
public final class AgentTurnEngine {
  private final LanguageModel model;
  private final ModelRoutes routes;
  private final RecordModelUsage usage;
  private final ToolExecutor tools;
  private final Clock clock;
  private final IdGenerator ids;
  private final int maxToolRounds;
  private final McpToolbox mcp;
  private final TurnTracer tracer;

  public AgentTurnEngine(LanguageModel model, ModelRoutes routes, RecordModelUsage usage, ToolExecutor tools, Clock clock,
                         IdGenerator ids, int maxToolRounds) {
    this(model, routes, usage, tools, clock, ids, maxToolRounds, McpToolbox.NONE, TurnTracer.NONE);
  }

  /**
   * An engine whose agents may also call the tools of their MCP servers through {@code mcp}, each turn traced by
   * {@code tracer}.
   */
  public AgentTurnEngine(LanguageModel model, ModelRoutes routes, RecordModelUsage usage, ToolExecutor tools, Clock clock,
                         IdGenerator ids, int maxToolRounds, McpToolbox mcp, TurnTracer tracer) {
    this.mcp = mcp;
    this.tracer = tracer;
    this.model = model;
    this.routes = routes;
    this.usage = usage;
    this.tools = tools;
    this.clock = clock;
    this.ids = ids;
    this.maxToolRounds = maxToolRounds;
  }

  /** Who the conversation is: ids and channel, for built-in variables and tool calls. */
  public record Conversation(UUID tenantId, UUID chatId, UUID callId, UUID agentId, String channel, String userId) {}

  /**
   * Asked before each model round and each tool call whether the turn may go on; throws to stop it (a stateful
   * turn that lost its turn lease must not call another tool beside the turn that took it over).
   */
  @FunctionalInterface
  public interface TurnGuard {
    TurnGuard NONE = () -> {};

    void check();

    /**
     * Whether someone asked the turn to stop (cancel, or a newer message interrupting it): it then ends at its next
     * safe point — before a model round or a tool call, or at the next piece of a streamed reply — keeping what it
     * said marked interrupted.
     */
    default boolean stopRequested() {
      return false;
    }
  }

  /**
   * What a turn produced. {@code unknownVariables} are template names that rendered empty; {@code stopped}: the turn
   * was stopped before it finished (its last message, if it had begun one, is marked interrupted);
   * {@code awaitingApproval}: the call of a tool that requires approval, at which the turn paused (not run, not in
   * {@code newMessages}; the calls of its round before it ran and are).
   */
  public record TurnOutcome(List<Message> newMessages, boolean finish, Set<String> unknownVariables, String error,
                            boolean stopped, ToolCall awaitingApproval) {
    public TurnOutcome(List<Message> newMessages, boolean finish, Set<String> unknownVariables, String error) {
      this(newMessages, finish, unknownVariables, error, false, null);
    }

    public TurnOutcome(List<Message> newMessages, boolean finish, Set<String> unknownVariables, String error,
                       boolean stopped) {
      this(newMessages, finish, unknownVariables, error, stopped, null);
    }
  }

  /** Thrown from a stream's sink to abort the model's stream of a turn that was asked to stop. */
  private static final class StopStream extends RuntimeException {
    StopStream() {
      super("the turn was asked to stop", null, false, false);
    }
  }

  /** A turn over the whole transcript, with nothing to stop it (stateless completion). */
  public TurnOutcome run(AgentDefinition agent, Conversation conversation, List<Message> history,
                         AdditionalData data, ClientTools clientTools, TurnListener listener) {
    TurnTracer.Turn turn = new TurnTracer.Turn(agent.name(), conversation.agentId(), conversation.chatId(), conversation.channel());
    return tracer.turn(turn, () -> runTurn(agent, conversation, history, 0, data, clientTools, listener, TurnGuard.NONE,
        null, false)); // nobody could decide an approval for a stateless turn
  }

  /**
   * Runs the turn, asking {@code guard} before each model round and each tool call. {@code historyStart} is the
   * transcript position of {@code history}'s first message: a turn of an agent that does not read the transcript
   * passes only the turn's own messages (see {@link AgentDefinition#readsTranscript}).
   */
  public TurnOutcome run(AgentDefinition agent, Conversation conversation, List<Message> history, int historyStart,
                         AdditionalData data, ClientTools clientTools, TurnListener listener, TurnGuard guard) {
    TurnTracer.Turn turn = new TurnTracer.Turn(agent.name(), conversation.agentId(), conversation.chatId(), conversation.channel());
    return tracer.turn(turn, () -> runTurn(agent, conversation, history, historyStart, data, clientTools, listener, guard,
        null, true));
  }

  /**
   * Resumes a turn that paused at {@code decided}'s call: runs the tool (approved) or tells the model it was denied,
   * as one tool-turn, then goes on as {@link #run} does. {@code history} ends where the paused turn stopped.
   */
  public TurnOutcome resume(AgentDefinition agent, Conversation conversation, List<Message> history, int historyStart,
                            AdditionalData data, TurnListener listener, TurnGuard guard, ToolApproval decided) {
    TurnTracer.Turn turn = new TurnTracer.Turn(agent.name(), conversation.agentId(), conversation.chatId(), conversation.channel());
    return tracer.turn(turn, () -> runTurn(agent, conversation, history, historyStart, data, null, listener, guard,
        decided, true));
  }

  private TurnOutcome runTurn(AgentDefinition agent, Conversation conversation, List<Message> history, int historyStart,
                              AdditionalData data, ClientTools clientTools, TurnListener listener, TurnGuard guard,
                              ToolApproval decided, boolean canPause) {
    agent = withClientTools(mcp.withTools(agent), clientTools);
    List<Message> working = new ArrayList<>(history);
    List<Message> produced = new ArrayList<>();
    Set<String> unknown = new LinkedHashSet<>();
    Map<String, Object> toolResults = new LinkedHashMap<>();
    ModelRoute route;
    try {
      route = routes.route(conversation.tenantId(), agent.model());
    } catch (LanguageModel.ModelUnavailableException e) {
      return unanswered(produced, unknown, e);
    }
    List<Message> seen = working.stream().map(Message::asSeenByAgent).toList(); // operators spoke for the agent
    working = new ArrayList<>(seen);
    if (decided != null) { // the paused call comes first, as its own tool-turn
      guard.check();
      ToolCall call = decided.call();
      listener.toolCall(call);
      ToolCall done = call.withResponse(decided.status() == ToolApproval.Status.APPROVED
          ? execute(agent, conversation, call, clientTools) : decided.deniedResult());
      toolResults.put(call.name(), done.response());
      listener.toolResult(done);
      Message toolTurn = Message.toolTurn(List.of(done), clock.now());
      produced.add(toolTurn);
      working.add(toolTurn);
    }
    for (int round = 0; round <= maxToolRounds; round++) {
      guard.check();
      if (guard.stopRequested()) return stopped(produced, unknown);
      listener.roundStarted(historyStart + working.size());
      Map<String, Object> vars = variables(agent, conversation, working, data, toolResults);
      PromptTemplate.Rendered prompt = PromptTemplate.render(agent.prompt(), vars);
      unknown.addAll(prompt.unknownVariables());
      ModelReply reply;
      StringBuilder said = new StringBuilder();
      try {
        ModelRequest request = new ModelRequest(agent, prompt.text(), List.copyOf(working), vars, unknown::add, route);
        Consumer<String> sink = delta -> {
          if (guard.stopRequested()) throw new StopStream(); // aborts the model's stream
          said.append(delta);
          listener.textDelta(delta);
        };
        reply = listener.wantsTextDeltas() ? model.stream(request, sink) : model.complete(request);
      } catch (StopStream e) {
        if (!said.isEmpty()) produced.add(Message.assistant(said.toString(), clock.now()).markInterrupted());
        return stopped(produced, unknown);
      } catch (LanguageModel.ModelUnavailableException e) {
        if (guard.stopRequested()) return stopped(produced, unknown);
        return unanswered(produced, unknown, e);
      }
      LanguageModel.Metering metering = reply.metering();
      usage.record(conversation.tenantId(), conversation.agentId(), conversation.chatId(), "turn", route, metering);
      if (reply instanceof TextReply text) {
        produced.add(metered(Message.assistant(text.content(), clock.now()), metering));
        return new TurnOutcome(produced, text.finish(), unknown, null);
      }
      if (round == maxToolRounds) break;
      if (guard.stopRequested()) return stopped(produced, unknown); // no tool starts once the turn was asked to stop
      ToolCallsReply calls = (ToolCallsReply) reply;
      List<ToolCall> answered = new ArrayList<>();
      boolean finish = false;
      boolean handOver = handsOver(calls, clientTools);
      for (ToolCall call : calls.calls()) {
        if (handOver && clientTools.handles(call.name())) { // left unanswered: the client runs it after the turn
          listener.toolCall(call);
          answered.add(call);
          continue;
        }
        guard.check();
        if (guard.stopRequested()) {
          if (!answered.isEmpty()) produced.add(Message.toolTurn(answered, clock.now()).markInterrupted());
          return stopped(produced, unknown);
        }
        if (agent.requiresApproval(call.name()) && canPause) { // the turn waits here for a person's decision
          if (!answered.isEmpty()) produced.add(metered(Message.toolTurn(answered, clock.now()), metering));
          return new TurnOutcome(produced, false, unknown, null, false, call);
        }
        listener.toolCall(call);
        ToolCall done = call.withResponse(agent.requiresApproval(call.name())
            ? ToolExecutor.errorResult("tool " + call.name() + " requires approval, which a stateless turn cannot wait for: "
                + "the call was not made")
            : execute(agent, conversation, call, clientTools));
        if (ToolDefinition.FINISH_THE_CONVERSATION.equals(call.name())) finish = true;
        toolResults.put(call.name(), done.response());
        listener.toolResult(done);
        answered.add(done);
      }
      Message toolTurn = metered(Message.toolTurn(answered, clock.now()), metering);
      produced.add(toolTurn);
      if (handOver) return new TurnOutcome(produced, finish, unknown, null);
      working.add(toolTurn);
      if (finish) return new TurnOutcome(produced, true, unknown, null);
    }
    produced.add(Message.assistant("Sorry, I could not complete that request.", clock.now()));
    return new TurnOutcome(produced, false, unknown, "tool round limit of " + maxToolRounds + " reached");
  }

  /** Whether this round calls a tool that its client runs after the turn (which then ends with this round). */
  private static boolean handsOver(ToolCallsReply calls, ClientTools clientTools) {
    return clientTools != null && clientTools.runAfterTurn()
        && calls.calls().stream().anyMatch(c -> clientTools.handles(c.name()));
  }

  private static Message metered(Message message, LanguageModel.Metering metering) {
    return metering == null || metering.provider() == null ? message : message.metered(metering.usage(), metering.model());
  }

  private TurnOutcome unanswered(List<Message> produced, Set<String> unknown, LanguageModel.ModelUnavailableException e) {
    produced.add(Message.assistant("Sorry, I cannot answer right now. Please try again in a moment.", clock.now()));
    return new TurnOutcome(produced, false, unknown, e.getMessage());
  }

  /** Resolves agents' provider connections (stateless turns check inline agents against them). */
  public ModelRoutes routes() {
    return routes;
  }

  private static TurnOutcome stopped(List<Message> produced, Set<String> unknown) {
    return new TurnOutcome(produced, false, unknown, null, true);
  }

  /** The greeting as the first assistant message, if the agent has one. */
  public TurnOutcome greet(AgentDefinition agent, Conversation conversation, AdditionalData data) {
    if (agent.greeting() == null || agent.greeting().isBlank()) return new TurnOutcome(List.of(), false, Set.of(), null);
    Map<String, Object> vars = variables(agent, conversation, List.of(), data, Map.of());
    PromptTemplate.Rendered greeting = PromptTemplate.render(agent.greeting(), vars);
    return new TurnOutcome(List.of(Message.assistant(greeting.text(), clock.now())), false,
        new LinkedHashSet<>(greeting.unknownVariables()), null);
  }

  /** The agent as the model sees it in this turn: its tools plus the client's (the agent's definition of a shared name is kept). */
  private static AgentDefinition withClientTools(AgentDefinition agent, ClientTools clientTools) {
    if (clientTools == null || clientTools.definitions().isEmpty()) return agent;
    List<ToolDefinition> tools = new ArrayList<>(agent.tools());
    for (ToolDefinition tool : clientTools.definitions()) {
      if (tools.size() >= AgentDefinition.MAX_TOOLS) break;
      if (agent.tool(tool.name()).isEmpty()) tools.add(tool);
    }
    return agent.withTools(tools);
  }

  private Object execute(AgentDefinition agent, Conversation c, ToolCall call, ClientTools clientTools) {
    if (ToolDefinition.FINISH_THE_CONVERSATION.equals(call.name())) return Map.of("finished", true);
    if (ToolDefinition.TRANSFER_TO_HUMAN.equals(call.name())) return Map.of("transferred", true); // applied at commit
    if (clientTools != null && clientTools.handles(call.name())) return clientTools.execute(call);
    Optional<Object> viaMcp = mcp.call(agent, call.name(), call.arguments());
    if (viaMcp.isPresent()) return viaMcp.get();
    return agent.tool(call.name())
        .map(tool -> tool.webhook() == null
            ? ToolExecutor.errorResult("tool " + call.name() + " runs on the client and no client is connected")
            : tools.execute(tool, call.arguments(), new ToolExecutor.ToolContext(c.tenantId(), c.chatId(), c.callId(), c.agentId())))
        .orElseGet(() -> ToolExecutor.errorResult("unknown tool " + call.name()));
  }

  private Map<String, Object> variables(AgentDefinition agent, Conversation c, List<Message> history,
                                        AdditionalData data, Map<String, Object> toolResults) {
    Map<String, Object> vars = TurnVariables.of(data, c.channel(), c.chatId(), c.callId(), c.agentId(), c.userId(),
        clock.now(), history);
    if (!toolResults.isEmpty()) vars.put("tool", new LinkedHashMap<>(toolResults));
    return vars;
  }

  /** A fresh tool-call id, for providers that do not bring their own. */
  public String newToolCallId() {
    return "call_" + ids.newId().toString().replace("-", "").substring(0, 24);
  }
}
