package dev.parley.application.usecase.erasure;

import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.DeleteChatSessionUseCase;
import dev.parley.application.port.out.ChatErasure;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.UnitOfWork;
import java.util.UUID;

/**
 * Use case: erase a chat — transcript and personal data gone, an audit record of the erasure kept. Refused while a
 * turn is running, so no half-written turn can resurrect it.
 */
public final class DeleteChatSession implements DeleteChatSessionUseCase {
  private final ChatErasure erasure;
  private final UnitOfWork uow;
  private final Clock clock;

  public DeleteChatSession(ChatErasure erasure, UnitOfWork uow, Clock clock) {
    this.erasure = erasure;
    this.uow = uow;
    this.clock = clock;
  }

  @Override
  public void delete(UUID tenantId, UUID chatId, String erasedBy) {
    ChatErasure.Outcome outcome = uow.inTransaction(() -> erasure.erase(tenantId, chatId, erasedBy, clock.now()));
    switch (outcome) {
      case NOT_FOUND -> throw new NotFoundException("chat", chatId);
      case TURN_RUNNING -> throw new ConflictException("turn_in_progress", "a turn is running on chat " + chatId + "; retry shortly");
      case ERASED -> { }
    }
  }
}
