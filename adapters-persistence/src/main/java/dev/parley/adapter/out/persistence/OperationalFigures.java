package dev.parley.adapter.out.persistence;

import io.micronaut.data.connection.ConnectionDefinition;
import io.micronaut.data.connection.ConnectionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database-wide figures the operator's gauges show, read by one small query on a read-only connection: open
 * (active) sessions, pending outbox deliveries, the age of the oldest pending delivery, and the sweeper lag (how long
 * the most overdue active session has been past its expiry; 0 when the sweeper keeps up). Counting active sessions
 * scans {@code chat_sessions}.
 */
@Singleton
public class OperationalFigures {
  static final String SQL = """
      SELECT
        (SELECT count(*) FROM chat_sessions WHERE status = 'active') AS active_sessions,
        (SELECT count(*) FROM webhook_outbox WHERE status = 'pending') AS outbox_pending,
        (SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)
           FROM webhook_outbox WHERE status = 'pending') AS outbox_oldest_age,
        (SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(expires_at)), 0)
           FROM chat_sessions WHERE status = 'active' AND expires_at < now()) AS sweeper_lag
      """;

  /** One reading; ages in seconds. */
  public record Figures(double activeSessions, double outboxPending, double outboxOldestAgeSeconds, double sweeperLagSeconds) {}

  private final ConnectionOperations<Connection> connections;

  public OperationalFigures(ConnectionOperations<Connection> connections) {
    this.connections = connections;
  }

  /** Reads the figures now; a failure (database unreachable, 10 s query timeout) is thrown. */
  public Figures read() {
    return connections.execute(ConnectionDefinition.READ_ONLY, status -> {
      try (Statement st = status.getConnection().createStatement()) {
        st.setQueryTimeout(10);
        try (ResultSet rs = st.executeQuery(SQL)) {
          rs.next();
          return new Figures(rs.getDouble("active_sessions"), rs.getDouble("outbox_pending"),
              rs.getDouble("outbox_oldest_age"), rs.getDouble("sweeper_lag"));
        }
      } catch (SQLException e) {
        throw new DataAccessFailure(e);
      }
    });
  }
}
