package dev.parley.bootstrap.observability;

import dev.parley.adapter.out.persistence.OperationalFigures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of the figures {@link OperationalFigures} reads from PostgreSQL, refreshed on a schedule
 * ({@code parley.metrics.refresh-interval}, 15 s by default): open (active) sessions, pending outbox deliveries, the
 * age of the oldest pending delivery, and the sweeper lag.
 * <p>The values are database-wide, so every replica reports the same numbers: aggregate them with {@code max},
 * not {@code sum}. Counting active sessions scans {@code chat_sessions}; on a very large table raise the interval or
 * switch the gauges off with {@code parley.metrics.database-gauges: false}. A failed refresh sets the gauges to
 * NaN until the next one succeeds.
 */
@Singleton
@Requires(beans = MeterRegistry.class)
@Requires(property = "parley.metrics.database-gauges", notEquals = "false")
public class DatabaseGauges {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseGauges.class);

  private final OperationalFigures figures;
  private volatile double activeSessions = Double.NaN;
  private volatile double outboxPending = Double.NaN;
  private volatile double outboxOldestAge = Double.NaN;
  private volatile double sweeperLag = Double.NaN;

  public DatabaseGauges(OperationalFigures figures, MeterRegistry registry) {
    this.figures = figures;
    Gauge.builder("parley.sessions.active", this, g -> g.activeSessions)
        .description("Open (active) chat sessions in the database").register(registry);
    Gauge.builder("parley.outbox.pending", this, g -> g.outboxPending)
        .description("Completion events waiting in the outbox (first attempt or retry)").register(registry);
    Gauge.builder("parley.outbox.oldest.pending.age", this, g -> g.outboxOldestAge).baseUnit("seconds")
        .description("Age of the oldest pending completion event; 0 when the outbox is empty").register(registry);
    Gauge.builder("parley.sweeper.lag", this, g -> g.sweeperLag).baseUnit("seconds")
        .description("How long the most overdue active session has been past its expiry; 0 when none is").register(registry);
  }

  @Scheduled(fixedDelay = "${parley.metrics.refresh-interval:15s}", initialDelay = "1s")
  void refresh() {
    try {
      OperationalFigures.Figures now = figures.read();
      activeSessions = now.activeSessions();
      outboxPending = now.outboxPending();
      outboxOldestAge = now.outboxOldestAgeSeconds();
      sweeperLag = now.sweeperLagSeconds();
    } catch (RuntimeException e) {
      activeSessions = outboxPending = outboxOldestAge = sweeperLag = Double.NaN;
      LOG.warn("database gauges could not be refreshed: {}", e.getMessage());
    }
  }
}
