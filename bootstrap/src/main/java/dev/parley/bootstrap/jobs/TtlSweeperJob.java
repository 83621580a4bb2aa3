package dev.parley.bootstrap.jobs;

import dev.parley.application.usecase.erasure.EraseChatsPastRetention;
import dev.parley.application.usecase.chat.ExpireIdleSessions;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the TTL sweeper on every instance (SKIP LOCKED keeps instances from finishing a session twice), then the
 * retention sweep: chats ended longer ago than their tenant's retention period are erased.
 */
@Singleton
@Requires(property = "parley.sweeper.enabled", notEquals = "false")
public class TtlSweeperJob {
  private static final Logger LOG = LoggerFactory.getLogger(TtlSweeperJob.class);
  private final ExpireIdleSessions expire;
  private final EraseChatsPastRetention retention;

  public TtlSweeperJob(ExpireIdleSessions expire, EraseChatsPastRetention retention) {
    this.expire = expire;
    this.retention = retention;
  }

  @Scheduled(fixedDelay = "${parley.sweeper.interval:5s}", initialDelay = "1s")
  void sweep() {
    try {
      int finished = expire.sweep();
      if (finished > 0) LOG.info("TTL sweeper finished {} idle sessions", finished);
    } catch (RuntimeException e) {
      LOG.warn("TTL sweep failed; it runs again at the next interval: {}", e.getMessage());
    }
    try {
      int erased = retention.sweep();
      if (erased > 0) LOG.info("Retention sweep erased {} chats ended longer ago than their tenant's retention", erased);
    } catch (RuntimeException e) {
      LOG.warn("Retention sweep failed; it runs again at the next interval: {}", e.getMessage());
    }
  }
}
