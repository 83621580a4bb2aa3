package dev.parley.application.port.in;

import dev.parley.application.policy.WireNames;
import dev.parley.application.error.InvalidStateException;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.ToolCall;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Inbound port: one stateless completion turn (seed 03). The agent is a stored one ({@code agentId}) or given
 * inline ({@code inlineAgent}); {@code messages} is the whole client-owned history with the new user message
 * last; {@code state} is the token of the previous turn, null on the first. Refuses at construction what is wrong
 * whatever the configuration: no history, a missing message or unknown role, a last message that is not a user's
 * text, no agent or two, an empty state. The configured bounds (history length, message size, additional data) are
 * the use case's.
 */
public record StatelessTurnCommand(UUID tenantId, UUID agentId, AgentDefinition inlineAgent, List<InputMessage> messages,
                                   String state, Map<String, Object> additionalData, boolean finish) {

  public StatelessTurnCommand {
    Objects.requireNonNull(tenantId, "tenantId");
    if (messages == null || messages.isEmpty())
      throw new InvalidValueException("messages", "messages must hold the conversation, ending with the new user message");
    Role lastRole = null;
    for (int i = 0; i < messages.size(); i++) {
      String field = "messages[" + i + "]";
      if (messages.get(i) == null) throw new InvalidValueException(field, field + " must not be null");
      lastRole = WireNames.clientRole(field + ".role", messages.get(i).role());
    }
    if (lastRole != Role.USER)
      throw new InvalidValueException("messages", "the last message must be the new user message (role user), not " + WireNames.of(lastRole));
    String lastContent = messages.get(messages.size() - 1).content();
    if (lastContent == null || lastContent.isBlank())
      throw new InvalidValueException("messages", "the new user message must not be empty");
    if (agentId != null && inlineAgent != null)
      throw new InvalidValueException("agent", "agent takes either an id or an inline definition, not both");
    if (agentId == null && inlineAgent == null)
      throw new InvalidValueException("agent", "agent is required: give {\"id\": ...} or an inline agent definition");
    if (state != null && state.isBlank()) throw InvalidStateException.malformed("it is empty; send null on the first turn");
    messages = List.copyOf(messages);
  }

  /** A history message as the client sent it; role is still the wire name and time may be absent. */
  public record InputMessage(String role, String content, List<ToolCall> toolCalls, Instant time) {}
}
