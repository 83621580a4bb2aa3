package dev.parley.application.port.in;

import dev.parley.application.policy.WireNames;
import dev.parley.application.port.out.TurnListener;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.common.StorableJson;
import dev.parley.domain.session.ToolApproval;
import java.util.Objects;
import java.util.UUID;

/**
 * Inbound port: a person approves or denies a tool call a turn paused at, and the turn resumes. Implemented by
 * {@code usecase.control.DecideToolApproval}.
 */
public interface DecideToolApprovalUseCase {
  /**
   * {@code decision}: {@code approve} or {@code deny} (the wire names); {@code reason} is optional, storable text of at
   * most {@link ToolApproval#MAX_REASON_CHARS} characters. Refused at construction otherwise.
   */
  record Decision(UUID tenantId, UUID chatId, UUID approvalId, String decision, String reason) {
    public Decision {
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(chatId, "chatId");
      WireNames.decision("decision", decision);
      if (reason != null) {
        if (reason.length() > ToolApproval.MAX_REASON_CHARS)
          throw new InvalidValueException("reason", "reason must be at most " + ToolApproval.MAX_REASON_CHARS + " characters");
        StorableJson.requireText("/reason", reason);
      }
    }

    /** The decision as the domain names it. */
    public ToolApproval.Decision kind() {
      return WireNames.decision("decision", decision);
    }
  }

  /** The checks a streaming transport makes before it commits to a stream: valid input, a pending approval. */
  void precheck(Decision decision);

  /** Takes the decision once and answers the resumed turn like a message turn. */
  TurnResult decide(Decision decision, TurnListener listener);
}
