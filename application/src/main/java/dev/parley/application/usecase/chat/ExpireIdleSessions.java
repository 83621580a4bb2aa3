package dev.parley.application.usecase.chat;

import dev.parley.application.event.SessionFinisher;
import dev.parley.application.port.in.ExpireIdleSessionsUseCase;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.FinalReason;
import java.time.Instant;
import java.util.List;

/**
 * Use case: the TTL sweeper. Finishes active sessions idle past their TTL, in batches; rows are locked with
 * SKIP LOCKED so several server instances sweep side by side without finishing a session twice.
 */
public final class ExpireIdleSessions implements ExpireIdleSessionsUseCase {
  private final ChatSessionRepository sessions;
  private final SessionFinisher finisher;
  private final UnitOfWork uow;
  private final Clock clock;
  private final int batchSize;

  public ExpireIdleSessions(ChatSessionRepository sessions, SessionFinisher finisher, UnitOfWork uow, Clock clock, int batchSize) {
    this.sessions = sessions;
    this.finisher = finisher;
    this.uow = uow;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  /** Sweeps until no expired session is left; answers how many it finished. */
  @Override
  public int sweep() {
    int total = 0;
    while (true) {
      int finished = uow.inTransaction(() -> {
        Instant now = clock.now();
        List<ChatSession> expired = sessions.lockExpired(now, batchSize);
        return expired.isEmpty() ? -1 : finisher.finishAllWithin(expired, FinalReason.TTL, now);
      });
      if (finished < 0) return total;
      total += finished;
    }
  }
}
