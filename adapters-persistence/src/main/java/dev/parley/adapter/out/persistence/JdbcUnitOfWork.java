package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.UnitOfWork;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
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
    return poolWait.run(started -> transactions.executeWrite(status -> {
      started.run();
      return work.get();
    }));
  }
}
