package dev.parley.domain.session;

import dev.parley.domain.common.DomainException;
import java.util.UUID;

/** A transition was asked of a session that has already ended. */
public final class SessionFinalException extends DomainException {
  public SessionFinalException(UUID chatId) {
    super("chat " + chatId + " has ended; a final chat takes no more messages");
  }
}
