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

  public JdbcUnitOfWork(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    return transactions.executeWrite(status -> work.get());
  }
}
