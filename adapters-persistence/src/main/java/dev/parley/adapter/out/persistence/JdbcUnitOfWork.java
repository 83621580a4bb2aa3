package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.UnitOfWork;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLNonTransientConnectionException;
import java.util.function.Supplier;

/** Unit of work as one JDBC transaction: every repository call inside it uses the same connection. */
@Singleton
public class JdbcUnitOfWork implements UnitOfWork {
  private final TransactionOperations<Connection> transactions;
  private final SaturatedPoolWait poolWait;

  public JdbcUnitOfWork(TransactionOperations<Connection> transactions, SaturatedPoolWait poolWait) {
    this.transactions = transactions;
    this.poolWait = poolWait;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    if (transactions.findTransactionStatus().isPresent()) return transactions.executeWrite(status -> work.get()); // joins
    try {
      return poolWait.run(started -> transactions.executeWrite(status -> {
        started.run();
        return work.get();
      }));
    } catch (ConnectionException e) {
      // The connection broke under the transaction: putting it back in autocommit at the end fails too, and that
      // error hides the I/O failure. It is still "the database cannot be reached" (503), not a server error.
      throw new DataAccessFailure(new SQLNonTransientConnectionException(e.getMessage(), "08003", e));
    }
  }
}
