package dev.parley.application.port.in;

import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.session.ToolCall;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Inbound port: one stateless completion turn (seed 03). The agent is a stored one ({@code agentId}) or given
 * inline ({@code inlineAgent}); {@code messages} is the whole client-owned history with the new user message
 * last; {@code state} is the token of the previous turn, null on the first.
 */
public record StatelessTurnCommand(UUID tenantId, UUID agentId, AgentDefinition inlineAgent, List<InputMessage> messages,
                                   String state, Map<String, Object> additionalData, boolean finish) {

  /** A history message as the client sent it; role is still the wire name and time may be absent. */
  public record InputMessage(String role, String content, List<ToolCall> toolCalls, Instant time) {}
}
