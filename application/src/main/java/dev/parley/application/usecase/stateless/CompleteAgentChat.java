package dev.parley.application.usecase.stateless;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.application.policy.Limits;
import dev.parley.application.policy.WireNames;
import dev.parley.application.port.in.AgentChatCommand;
import dev.parley.application.port.in.AgentChatResult;
import dev.parley.application.port.in.CompleteAgentChatUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ClientTools;
import dev.parley.application.port.out.TurnListener;
import dev.parley.application.turn.AgentTurnEngine;
import dev.parley.application.turn.SpendCapCheck;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.AdditionalData;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import dev.parley.domain.session.Usage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Use case: a stored agent runs once over the history its client sends (the OpenAI-compatible facade). Unlike the
 * stateless completion route it keeps no chat and seals no state: the request is the whole conversation, so nothing
 * of it is stored; only the usage ledger books the model calls (it holds no content, and no chat id).
 */
public final class CompleteAgentChat implements CompleteAgentChatUseCase {
  private final AgentRepository agents;
  private final AgentTurnEngine engine;
  private final SpendCapCheck spendCaps;
  private final Limits limits;

  public CompleteAgentChat(AgentRepository agents, AgentTurnEngine engine, SpendCapCheck spendCaps, Limits limits) {
    this.agents = agents;
    this.engine = engine;
    this.spendCaps = spendCaps;
    this.limits = limits;
  }

  @Override
  public void precheck(AgentChatCommand cmd) {
    Agent agent = agent(cmd);
    checkRequest(cmd);
    spendCaps.check(cmd.tenantId(), agent.id(), null, agent.definition());
  }

  @Override
  public AgentChatResult complete(AgentChatCommand cmd, TurnListener listener) {
    Agent agent = agent(cmd);
    checkRequest(cmd);
    spendCaps.check(cmd.tenantId(), agent.id(), null, agent.definition());
    RequestTools tools = new RequestTools(cmd.clientTools(), agent);
    AgentTurnEngine.TurnOutcome outcome = engine.run(agent.definition(),
        new AgentTurnEngine.Conversation(cmd.tenantId(), null, null, agent.id(), CHANNEL, null), cmd.history(),
        AdditionalData.EMPTY, tools, listener);
    List<Message> produced = outcome.newMessages();
    Message last = produced.isEmpty() ? null : produced.get(produced.size() - 1);
    List<ToolCall> clientCalls = last != null && last.isToolTurn()
        ? last.toolCalls().stream().filter(c -> c.response() == null && tools.handles(c.name())).toList() : List.of();
    String reply = last == null || last.isToolTurn() ? null : last.content();
    Usage usage = Usage.ZERO;
    String model = null;
    for (Message m : produced) {
      if (m.usage() != null) usage = usage.plus(m.usage());
      if (m.model() != null) model = m.model();
    }
    return new AgentChatResult(produced, reply, clientCalls, outcome.finish(), usage, model);
  }

  /** The tenant's agent; an unknown or deleted one is a 404, as OpenAI answers an unknown model. */
  private Agent agent(AgentChatCommand cmd) {
    return agents.find(cmd.tenantId(), cmd.agentId()).filter(a -> !a.deleted())
        .orElseThrow(() -> new NotFoundException("model", cmd.agentId()));
  }

  /** The configured bounds on the history (the command refused, when it was made, a history with nothing to answer). */
  private void checkRequest(AgentChatCommand cmd) {
    List<Message> history = cmd.history();
    if (history.size() > limits.maxStatelessHistory())
      throw new PayloadTooLargeException("messages", "messages holds " + history.size() + " messages; the limit is " + limits.maxStatelessHistory());
    for (int i = 0; i < history.size(); i++) {
      String content = history.get(i).content();
      if (content != null && content.length() > limits.maxMessageChars())
        // named as a whole: an assistant message and its tool messages are one message here, so indexes differ from the wire
        throw new PayloadTooLargeException("messages", "a message's content is " + content.length() + " characters; the limit is "
            + limits.maxMessageChars());
    }
  }

  /**
   * The request's tools, run by the client after the run. A name the agent also declares stays the agent's when the
   * agent runs it on the server (it has a webhook); an agent tool without one is the client's to run anyway.
   */
  private static final class RequestTools implements ClientTools {
    private final List<ToolDefinition> offered;
    private final Set<String> names;

    RequestTools(List<ToolDefinition> offered, Agent agent) {
      this.offered = offered;
      this.names = offered.stream().map(ToolDefinition::name)
          .filter(name -> agent.definition().tool(name).map(t -> t.webhook() == null).orElse(true))
          .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean handles(String toolName) {
      return names.contains(toolName);
    }

    @Override
    public Object execute(ToolCall call) { // never called: runAfterTurn leaves these calls to the client
      return Map.of("error", "tool " + call.name() + " runs on the client");
    }

    @Override
    public List<ToolDefinition> definitions() {
      return offered;
    }

    @Override
    public boolean runAfterTurn() {
      return true;
    }
  }
}
