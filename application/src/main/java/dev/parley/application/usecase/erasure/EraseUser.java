package dev.parley.application.usecase.erasure;

import dev.parley.application.error.ConflictException;
import dev.parley.application.port.in.EraseUserUseCase;
import dev.parley.application.port.out.ChatErasure;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.common.Sha256;
import java.util.UUID;

/**
 * Use case: erase an end user of the multi-tenant API — every chat that carries their user_id, at once, and the user
 * record. All or nothing: refused while a turn runs on any of their chats. The audit record keeps the number of
 * chats and a SHA-256 of the user id, never the id itself nor any conversation text.
 */
public final class EraseUser implements EraseUserUseCase {
  private static final int MAX_USER_ID = 256;

  private final ChatErasure erasure;
  private final UnitOfWork uow;
  private final Clock clock;
  private final IdGenerator ids;

  public EraseUser(ChatErasure erasure, UnitOfWork uow, Clock clock, IdGenerator ids) {
    this.erasure = erasure;
    this.uow = uow;
    this.clock = clock;
    this.ids = ids;
  }

  /** Answers how many chats were erased (0 when the user had none left: erasing twice is not an error). */
  @Override
  public int erase(UUID tenantId, String userId, String erasedBy) {
    InvalidValueException.requireNonBlank("user_id", userId);
    if (userId.length() > MAX_USER_ID) throw new InvalidValueException("user_id", "user_id must be at most " + MAX_USER_ID + " characters");
    byte[] userHash = Sha256.of(tenantId + "\n" + userId);
    ChatErasure.UserOutcome outcome = uow.inTransaction(() ->
        erasure.eraseUser(tenantId, userId, ids.newId(), userHash, erasedBy, clock.now()));
    if (outcome.turnRunning())
      throw new ConflictException("turn_in_progress", "a turn is running on one of the user's chats; nothing was erased, retry shortly");
    return outcome.chatsErased();
  }
}
