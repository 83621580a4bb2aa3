package dev.parley.application.port.out;

import dev.parley.domain.session.ToolApproval;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outbound port: the tool calls that wait for (or got) a person's decision, one table row each. */
public interface ToolApprovals {
  /** Stores a new pending approval, inside the caller's transaction. */
  void insert(UUID tenantId, ToolApproval approval);

  Optional<ToolApproval> find(UUID tenantId, UUID chatId, UUID approvalId);

  /** The chat's approval still waiting for a decision, if any (at most one: a turn pauses at its first). */
  Optional<ToolApproval> findPending(UUID tenantId, UUID chatId);

  /**
   * Records {@code decided}'s decision only if the approval is still pending (a conditional update): false when a
   * decision or a cancellation came first.
   */
  boolean decide(UUID tenantId, ToolApproval decided);

  /** Cancels the chats' pending approvals with {@code reason} (an ending, a newer message), inside the caller's transaction. */
  int cancelPending(UUID tenantId, List<UUID> chatIds, String reason, Instant now);
}
