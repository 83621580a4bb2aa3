package dev.parley.application.port.in;

import dev.parley.application.port.out.TurnListener;

/**
 * Inbound port: one stateless run of a stored agent over a history the client sends whole (the OpenAI-compatible
 * facade). Nothing of the conversation is stored. Implemented by {@code usecase.stateless.CompleteAgentChat}.
 */
public interface CompleteAgentChatUseCase {
  String CHANNEL = "openai";

  /** Checks what can be checked before a streamed answer starts (the agent, the history, spend caps); throws like {@link #complete}. */
  void precheck(AgentChatCommand cmd);

  AgentChatResult complete(AgentChatCommand cmd, TurnListener listener);
}
