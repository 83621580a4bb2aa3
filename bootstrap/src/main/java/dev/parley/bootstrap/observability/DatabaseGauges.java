package dev.parley.bootstrap.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.ConnectionDefinition;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from PostgreSQL by one small query on a schedule ({@code parley.metrics.refresh-interval}, 15 s by
 * default): open (active) sessions, pending outbox deliveries, the age of the oldest pending delivery, and the
 * sweeper lag (how long the most overdue active session has been past its expiry; 0 when the sweeper keeps up).
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
  static final String SQL = """
      SELECT
        (SELECT count(*) FROM chat_sessions WHERE status = 'active') AS active_sessions,
        (SELECT count(*) FROM webhook_outbox WHERE status = 'pending') AS outbox_pending,
        (SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)
           FROM webhook_outbox WHERE status = 'pending') AS outbox_oldest_age,
        (SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(expires_at)), 0)
           FROM chat_sessions WHERE status = 'active' AND expires_at < now()) AS sweeper_lag
      """;

  private final ConnectionOperations<Connection> connections;
  private volatile double activeSessions = Double.NaN;
  private volatile double outboxPending = Double.NaN;
  private volatile double outboxOldestAge = Double.NaN;
  private volatile double sweeperLag = Double.NaN;

  public DatabaseGauges(ConnectionOperations<Connection> connections, MeterRegistry registry) {
    this.connections = connections;
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
      connections.execute(ConnectionDefinition.READ_ONLY, status -> {
        try (Statement st = status.getConnection().createStatement()) {
          st.setQueryTimeout(10);
          try (ResultSet rs = st.executeQuery(SQL)) {
            if (rs.next()) {
              activeSessions = rs.getDouble("active_sessions");
              outboxPending = rs.getDouble("outbox_pending");
              outboxOldestAge = rs.getDouble("outbox_oldest_age");
              sweeperLag = rs.getDouble("sweeper_lag");
            }
          }
        } catch (SQLException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
        return null;
      });
    } catch (RuntimeException e) {
      activeSessions = outboxPending = outboxOldestAge = sweeperLag = Double.NaN;
      LOG.warn("database gauges could not be refreshed: {}", e.getMessage());
    }
  }
}
