package dev.parley.adapter.out.persistence;

import com.zaxxer.hikari.util.DriverDataSource;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Makes the pool reconnect as soon as PostgreSQL is back. Hikari creates connections on one background thread
 * and, after each failed attempt, sleeps with a back-off that doubles up to 5 s, so after an outage the first
 * connection could come up to 5 s late. Under the pool, this keeps a failed attempt going instead, for as long as
 * the failure means "not reachable right now" (refused, starting up, shutting down, I/O error; see
 * {@link DatabaseFailures}), trying every 100 ms for up to {@link ReconnectSettings#reconnectPatience()} (30 s).
 * Requests never wait on it: they wait for a pooled connection at most {@code connection-timeout} and get a 503.
 * Wrong credentials and other errors fail at once as before.
 */
@Singleton
public class PatientConnections implements BeanCreatedEventListener<DatasourceConfiguration> {
  private final ReconnectSettings settings;

  public PatientConnections(ReconnectSettings settings) {
    this.settings = settings;
  }

  @Override
  public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
    DatasourceConfiguration config = event.getBean();
    if (!settings.patientReconnect() || config.getDataSource() != null || config.getJdbcUrl() == null) return config;
    Properties properties = new Properties();
    properties.putAll(config.getDataSourceProperties());
    DataSource driver = new DriverDataSource(config.getJdbcUrl(), config.getDriverClassName(), properties,
        config.getUsername(), config.getPassword());
    config.setDataSource(new Patient(driver, settings.reconnectPatience()));
    return config;
  }

  /** A DataSource that retries "not reachable right now" for a while before giving up. */
  static final class Patient implements DataSource {
    private static final long PAUSE_MILLIS = 100;
    private final DataSource delegate;
    private final Duration patience;

    Patient(DataSource delegate, Duration patience) {
      this.delegate = delegate;
      this.patience = patience;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return patiently(delegate::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return patiently(() -> delegate.getConnection(username, password));
    }

    private interface Attempt {
      Connection connect() throws SQLException;
    }

    private Connection patiently(Attempt attempt) throws SQLException {
      long deadline = System.nanoTime() + patience.toNanos();
      while (true) {
        try {
          return attempt.connect();
        } catch (SQLException e) {
          if (!DatabaseFailures.isUnavailable(e) || System.nanoTime() > deadline) throw e;
          try {
            Thread.sleep(PAUSE_MILLIS);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt(); // the pool is shutting down
            throw e;
          }
        }
      }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      if (type.isInstance(this)) return type.cast(this);
      return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return type.isInstance(this) || delegate.isWrapperFor(type);
    }
  }
}
