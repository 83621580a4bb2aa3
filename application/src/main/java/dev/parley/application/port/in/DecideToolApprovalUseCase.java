package dev.parley.application.port.in;

import dev.parley.application.port.out.TurnListener;
import java.util.UUID;

/**
 * Inbound port: a person approves or denies a tool call a turn paused at, and the turn resumes. Implemented by
 * {@code usecase.control.DecideToolApproval}.
 */
public interface DecideToolApprovalUseCase {
  /** {@code decision}: {@code approve} or {@code deny} (the wire names); {@code reason} is optional. */
  record Decision(UUID tenantId, UUID chatId, UUID approvalId, String decision, String reason) {}

  /** The checks a streaming transport makes before it commits to a stream: valid input, a pending approval. */
  void precheck(Decision decision);

  /** Takes the decision once and answers the resumed turn like a message turn. */
  TurnResult decide(Decision decision, TurnListener listener);
}
