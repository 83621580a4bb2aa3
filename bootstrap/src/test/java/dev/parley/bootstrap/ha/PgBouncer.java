package dev.parley.bootstrap.ha;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's PgBouncer (1.18) in transaction pooling mode on loopback in front of one PostgreSQL, run as the postgres
 * user (it refuses root) in a temporary folder. {@code defaultPoolSize} server connections per database and user,
 * whatever the number of clients.
 */
public final class PgBouncer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private PgBouncer(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** The configuration: every database of {@code host:serverPort}, trust for {@code user} (loopback only). */
  static String config(Path dir, int port, String host, int serverPort, int defaultPoolSize) {
    return """
        [databases]
        * = host=%s port=%d
        [pgbouncer]
        listen_addr = 127.0.0.1
        listen_port = %d
        unix_socket_dir =
        auth_type = trust
        auth_file = %s
        admin_users = postgres
        pool_mode = transaction
        default_pool_size = %d
        max_client_conn = 2000
        ; PgJDBC sends extra_float_digits at start-up; PgBouncer tracks only a few parameters itself
        ignore_startup_parameters = extra_float_digits
        logfile = %s
        pidfile = %s
        """.formatted(host, serverPort, port, dir.resolve("users.txt"), defaultPoolSize, dir.resolve("pgbouncer.log"),
        dir.resolve("pgbouncer.pid"));
  }

  public static PgBouncer start(String host, int serverPort, String user, int defaultPoolSize) {
    HaTools.require("pgbouncer");
    Path dir = HaTools.ownedTempDir("parley-ha-pgbouncer");
    int port = HaTools.freePort();
    try {
      Files.writeString(dir.resolve("users.txt"), "\"" + user + "\" \"\"\n");
      Path ini = dir.resolve("pgbouncer.ini");
      Files.writeString(ini, config(dir, port, host, serverPort, defaultPoolSize));
      if (HaTools.isRoot()) HaTools.run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
      Process p = HaTools.asPostgres(dir, List.of(HaTools.which("pgbouncer").toString(), ini.toString()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
      PgBouncer b = new PgBouncer(p, port, dir);
      Runtime.getRuntime().addShutdownHook(new Thread(b::close, "pgbouncer-stop"));
      long deadline = System.currentTimeMillis() + 20_000;
      while (true) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
          return b;
        } catch (IOException notYet) {
          if (!p.isAlive() || System.currentTimeMillis() > deadline) {
            b.close();
            throw new IllegalStateException("pgbouncer did not start: " + Files.readString(dir.resolve("stdout.log")));
          }
          HaTools.sleep(100);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** A JDBC URL through the pooler: no server-side prepared statements (they do not survive transaction pooling). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
  }

  @Override
  public void close() {
    if (process.isAlive()) HaTools.killTree(process.toHandle());
    HaTools.deleteTree(dir);
  }
}
