package dev.parley.application.tracing;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Outbound port: wraps one agent turn in a trace span ({@code invoke_agent}), so the model calls and tool calls the
 * turn makes hang under it. {@link #NONE} runs the turn as it is.
 */
@FunctionalInterface
public interface TurnTracer {
  TurnTracer NONE = new TurnTracer() {
    @Override
    public <T> T turn(Turn turn, Supplier<T> body) {
      return body.get();
    }
  };

  /** Who the turn is for: the agent (name and id), the chat and its channel. */
  record Turn(String agentName, UUID agentId, UUID chatId, String channel) {}

  <T> T turn(Turn turn, Supplier<T> body);
}
