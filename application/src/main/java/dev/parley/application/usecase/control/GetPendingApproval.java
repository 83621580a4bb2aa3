package dev.parley.application.usecase.control;

import dev.parley.application.port.in.GetPendingApprovalUseCase;
import dev.parley.application.port.out.ToolApprovals;
import dev.parley.domain.session.ToolApproval;
import java.util.Optional;
import java.util.UUID;

/** Use case: the tool call a chat's paused turn waits on a person's decision for (shown on the chat). */
public final class GetPendingApproval implements GetPendingApprovalUseCase {
  private final ToolApprovals approvals;

  public GetPendingApproval(ToolApprovals approvals) {
    this.approvals = approvals;
  }

  @Override
  public Optional<ToolApproval> pending(UUID tenantId, UUID chatId) {
    return approvals.findPending(tenantId, chatId);
  }
}
