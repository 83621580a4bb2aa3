package dev.parley.application.port.in;

import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.Message;
import java.util.List;
import java.util.UUID;

/**
 * Inbound port: run agent {@code agentId} on {@code history} (the client's whole conversation, ending with a user
 * message or with the results of the client tools the agent called). {@code clientTools} are offered to the agent
 * for this run; a call to one ends the run and is answered to the client, which runs it and sends its result back.
 */
public record AgentChatCommand(UUID tenantId, UUID agentId, List<Message> history, List<ToolDefinition> clientTools) {
  public AgentChatCommand {
    history = history == null ? List.of() : List.copyOf(history);
    clientTools = clientTools == null ? List.of() : List.copyOf(clientTools);
  }
}
