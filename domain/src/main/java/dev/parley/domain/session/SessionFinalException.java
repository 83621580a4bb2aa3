package dev.parley.domain.session;

import dev.parley.domain.common.DomainException;
import java.util.UUID;

/**
 * The chat has ended: a transition, a turn or a state was asked of a session that is final. The one way every layer
 * says so; each adapter maps it once (REST: 409 {@code chat_final}; sockets: their conversation-ended frames).
 */
public final class SessionFinalException extends DomainException {
  public SessionFinalException(UUID chatId) {
    super("chat " + chatId + " has ended; a final chat takes no more messages");
  }

  /** The same refusal, worded for what was refused (a stateless state, say). */
  public SessionFinalException(String message) {
    super(message);
  }
}
