package dev.parley.application.port.out;

import java.util.function.Supplier;

/** Outbound port: one database transaction around several repository calls. */
public interface UnitOfWork {
  <T> T inTransaction(Supplier<T> work);

  default void run(Runnable work) {
    inTransaction(() -> {
      work.run();
      return null;
    });
  }
}
