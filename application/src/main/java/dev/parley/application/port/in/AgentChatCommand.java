package dev.parley.application.port.in;

import dev.parley.application.policy.WireNames;
import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.Role;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Inbound port: run agent {@code agentId} on {@code history} (the client's whole conversation, ending with a user
 * message or with the results of the client tools the agent called). {@code clientTools} are offered to the agent
 * for this run; a call to one ends the run and is answered to the client, which runs it and sends its result back.
 * Refuses at construction what is wrong whatever the configuration: more client tools than an agent may have, or a
 * history with nothing to answer. The configured bounds (messages, their length) are the use case's.
 */
public record AgentChatCommand(UUID tenantId, UUID agentId, List<Message> history, List<ToolDefinition> clientTools) {
  public AgentChatCommand {
    Objects.requireNonNull(tenantId, "tenantId");
    history = history == null ? List.of() : List.copyOf(history);
    clientTools = clientTools == null ? List.of() : List.copyOf(clientTools);
    // the client's tools count against an agent's tool limit, which the model is never shown more than
    if (clientTools.size() > AgentDefinition.MAX_TOOLS)
      throw new PayloadTooLargeException("tools", "tools holds " + clientTools.size() + " tools; the limit is " + AgentDefinition.MAX_TOOLS);
    if (history.isEmpty()) throw new InvalidValueException("messages", "messages must hold the conversation, ending with a user message");
    Message last = history.get(history.size() - 1);
    if (last.role() != Role.USER && !last.isToolTurn())
      throw new InvalidValueException("messages", "the last message must be a user message or tool results, not " + WireNames.of(last.role()));
    if (last.isToolTurn() && last.toolCalls().stream().anyMatch(c -> c.response() == null))
      throw new InvalidValueException("messages", "every tool call of the last assistant message needs its tool message");
  }
}
