package dev.parley.application.port.in;

import dev.parley.domain.session.ToolApproval;
import java.util.Optional;
import java.util.UUID;

/** Inbound port: the tool call a chat waits on a person's decision for, if any. Implemented by {@code usecase.control.GetPendingApproval}. */
public interface GetPendingApprovalUseCase {
  Optional<ToolApproval> pending(UUID tenantId, UUID chatId);
}
