package dev.parley.application.port.in;

import java.util.UUID;

/** Inbound port: stop the turn running on a chat, whichever instance runs it. Implemented by {@code usecase.control.CancelTurn}. */
public interface CancelTurnUseCase {
  /** True when a turn was running and was asked to stop. */
  boolean cancel(UUID tenantId, UUID chatId);
}
