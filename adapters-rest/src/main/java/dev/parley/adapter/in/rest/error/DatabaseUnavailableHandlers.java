package dev.parley.adapter.in.rest.error;

import dev.parley.application.port.out.OutageDetector;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.transaction.exceptions.TransactionException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database errors as clients see them. When PostgreSQL cannot be reached (down, restarting, network cut, pool
 * timed out: the {@link OutageDetector} port says so) the answer is 503 problem+json with {@code Retry-After}, quickly
 * (the pool waits at most {@code datasources.default.connection-timeout}), instead of a 500. Any other database error
 * stays what it was: a logged 500 that leaks nothing. One handler per exception type the persistence stack throws:
 * Micronaut Data's connection, transaction and repository exceptions (the JDBC adapter's own failure is a
 * {@link DataAccessException}).
 */
public final class DatabaseUnavailableHandlers {
  public static final String RETRY_AFTER_SECONDS = "2";
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailableHandlers.class);

  private DatabaseUnavailableHandlers() {}

  static HttpResponse<?> answer(OutageDetector outages, HttpRequest<?> request, RuntimeException e) {
    if (outages.isUnavailable(e)) {
      LOG.warn("database unavailable for {} {}: {}", request.getMethodName(), request.getPath(), e.getMessage());
      return Problem.response(HttpStatus.SERVICE_UNAVAILABLE, "database_unavailable",
          "the database is not reachable right now; retry after " + RETRY_AFTER_SECONDS + " s")
          .header("Retry-After", RETRY_AFTER_SECONDS);
    }
    LOG.error("Unexpected error occurred: {}", e.getMessage(), e);
    return Problem.response(HttpStatus.INTERNAL_SERVER_ERROR, "internal_server_error", "the server could not complete the request");
  }

  /** Answers {@code E} as {@link #answer} does; each subclass names one exception type for Micronaut to route. */
  abstract static class OutageAnswer<E extends RuntimeException> implements ExceptionHandler<E, HttpResponse<?>> {
    private final OutageDetector outages;

    OutageAnswer(OutageDetector outages) {
      this.outages = outages;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, E e) {
      return answer(outages, request, e);
    }
  }

  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class ConnectionFailure extends OutageAnswer<ConnectionException> {
    public ConnectionFailure(OutageDetector outages) {
      super(outages);
    }
  }

  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class JdbcConnectionFailure extends OutageAnswer<CannotGetJdbcConnectionException> {
    public JdbcConnectionFailure(OutageDetector outages) {
      super(outages);
    }
  }

  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class TransactionFailure extends OutageAnswer<TransactionException> {
    public TransactionFailure(OutageDetector outages) {
      super(outages);
    }
  }

  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class RepositoryFailure extends OutageAnswer<DataAccessException> {
    public RepositoryFailure(OutageDetector outages) {
      super(outages);
    }
  }
}
