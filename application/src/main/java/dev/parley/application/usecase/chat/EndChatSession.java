package dev.parley.application.usecase.chat;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.event.SessionFinisher;
import dev.parley.application.policy.InputLimits;
import dev.parley.application.port.in.EndChatSessionUseCase;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.ChatSessionRepository.StaleSessionException;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.FinalReason;
import java.util.UUID;

/**
 * Use case: finish a session for a reason (user_end from REST and sockets, error...). Idempotent: an already
 * final session is answered as it is. Optimistic versioning makes exactly one ending win any race.
 */
public final class EndChatSession implements EndChatSessionUseCase {
  private final ChatSessionRepository sessions;
  private final SessionFinisher finisher;
  private final UnitOfWork uow;
  private final Clock clock;
  private final InputLimits inputs;

  /** {@code inputs} bounds the note kept in the activity log. */
  public EndChatSession(ChatSessionRepository sessions, SessionFinisher finisher, UnitOfWork uow, Clock clock,
                        InputLimits inputs) {
    this.sessions = sessions;
    this.finisher = finisher;
    this.uow = uow;
    this.clock = clock;
    this.inputs = inputs;
  }

  @Override
  public ChatSession end(UUID tenantId, UUID chatId, FinalReason reason, String note) {
    inputs.checkNote(note);
    for (int attempt = 0; ; attempt++) {
      try {
        return uow.inTransaction(() -> {
          ChatSession session = sessions.find(tenantId, chatId).orElseThrow(() -> new NotFoundException("chat", chatId));
          finisher.finishWithin(session, reason, note, clock.now());
          return session;
        });
      } catch (StaleSessionException lostRace) {
        if (attempt >= 5) throw lostRace; // reload: the winner's reason stands and our end becomes a no-op
      }
    }
  }
}
