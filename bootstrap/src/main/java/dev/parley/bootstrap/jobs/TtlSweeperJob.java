package dev.parley.bootstrap.jobs;

import dev.parley.application.service.ExpireIdleSessions;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the TTL sweeper on every instance (SKIP LOCKED keeps instances from finishing a session twice). */
@Singleton
@Requires(property = "parley.sweeper.enabled", notEquals = "false")
public class TtlSweeperJob {
  private static final Logger LOG = LoggerFactory.getLogger(TtlSweeperJob.class);
  private final ExpireIdleSessions expire;

  public TtlSweeperJob(ExpireIdleSessions expire) {
    this.expire = expire;
  }

  @Scheduled(fixedDelay = "${parley.sweeper.interval:5s}", initialDelay = "1s")
  void sweep() {
    try {
      int finished = expire.sweep();
      if (finished > 0) LOG.info("TTL sweeper finished {} idle sessions", finished);
    } catch (RuntimeException e) {
      LOG.warn("TTL sweep failed; it runs again at the next interval: {}", e.getMessage());
    }
  }
}
