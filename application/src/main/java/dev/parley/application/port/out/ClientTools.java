package dev.parley.application.port.out;

import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.ToolCall;
import java.util.List;

/**
 * Outbound port, given per turn: the tools a connected client runs itself (a web page's client tools). The turn
 * engine calls it for the tool calls the client handles; REST turns have none.
 */
public interface ClientTools {
  boolean handles(String toolName);

  Object execute(ToolCall call);

  /** Tools the client adds to the agent's own for this turn, so a model can see and call them. */
  default List<ToolDefinition> definitions() {
    return List.of();
  }

  /**
   * Whether the client runs its tools after the turn rather than during it (a stateless client such as an OpenAI
   * client): a model round that calls one ends the turn with those calls unanswered, for the client to answer in its
   * next request. The round's other calls still run.
   */
  default boolean runAfterTurn() {
    return false;
  }
}
