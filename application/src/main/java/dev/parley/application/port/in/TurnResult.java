package dev.parley.application.port.in;

import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolApproval;
import java.util.List;
import java.util.UUID;

/**
 * Inbound port: the answer to a user turn — only the new assistant messages, and the post-turn status.
 * {@code finalReason} is the ending's wire name ({@code agent_finish}, {@code error}...) when the chat is final;
 * {@code cancelled}: the turn was stopped (cancelled, or interrupted by a newer message) and has no full reply;
 * {@code pendingApproval}: the turn paused at a tool call that waits for a person's decision (null otherwise).
 */
public record TurnResult(UUID chatId, List<Message> messages, boolean isFinal, String finalReason, boolean cancelled,
                         ToolApproval pendingApproval) {
  public TurnResult(UUID chatId, List<Message> messages, boolean isFinal, String finalReason, boolean cancelled) {
    this(chatId, messages, isFinal, finalReason, cancelled, null);
  }

  public TurnResult(UUID chatId, List<Message> messages, boolean isFinal, String finalReason) {
    this(chatId, messages, isFinal, finalReason, false);
  }

  public TurnResult(UUID chatId, List<Message> messages, boolean isFinal) {
    this(chatId, messages, isFinal, null);
  }

  public String status() {
    return isFinal ? "final" : "active";
  }
}
