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
}
