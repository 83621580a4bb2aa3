package dev.parley.application.usecase.erasure;

import dev.parley.application.port.in.EraseChatsPastRetentionUseCase;
import dev.parley.application.port.out.ChatErasure;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.UnitOfWork;
import java.time.Instant;
import java.util.List;

/**
 * Use case: the retention sweep. Erases, in batches, chats that ended more than their tenant's retention period ago
 * (the tenant's setting, else {@code defaultDays}; neither: kept forever). Rows are locked with SKIP LOCKED so
 * several instances sweep side by side.
 */
public final class EraseChatsPastRetention implements EraseChatsPastRetentionUseCase {
  private final ChatErasure erasure;
  private final UnitOfWork uow;
  private final Clock clock;
  private final Integer defaultDays;
  private final int batchSize;

  public EraseChatsPastRetention(ChatErasure erasure, UnitOfWork uow, Clock clock, Integer defaultDays, int batchSize) {
    if (defaultDays != null && defaultDays < 1) throw new IllegalArgumentException("parley.retention.default-days must be at least 1");
    this.erasure = erasure;
    this.uow = uow;
    this.clock = clock;
    this.defaultDays = defaultDays;
    this.batchSize = batchSize;
  }

  /** Sweeps until no chat past its retention is left; answers how many it erased. */
  @Override
  public int sweep() {
    int total = 0;
    while (true) {
      int erased = uow.inTransaction(() -> {
        Instant now = clock.now();
        List<ChatErasure.ChatRef> due = erasure.lockPastRetention(now, defaultDays, batchSize);
        for (ChatErasure.ChatRef chat : due) erasure.eraseLocked(chat, ERASED_BY, now);
        return due.size();
      });
      total += erased;
      if (erased < batchSize) return total;
    }
  }
}
