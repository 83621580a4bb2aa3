package dev.parley.bootstrap.ha;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the high-availability tests need from the machine: Debian's pg_auto_failover, PostgreSQL 15, HAProxy and
 * PgBouncer (.ci/run installs them). Where they are missing a test is skipped with a message saying what to install;
 * in CI ({@code CI=true}) it fails instead, so a broken install cannot pass unseen. Run as root, the PostgreSQL and
 * PgBouncer processes run as the {@code postgres} user (both refuse root); otherwise as the current user. They are
 * killed as whole process trees.
 */
public final class HaTools {
  public static final Path PG_BIN = Path.of(System.getenv().getOrDefault("PARLEY_HA_PG_BIN", "/usr/lib/postgresql/15/bin"));
  static final String PACKAGES = "postgresql-15-auto-failover pg-auto-failover-cli haproxy pgbouncer";

  private HaTools() {}

  /** Skips (or in CI fails) the calling test unless every {@code program} is installed. */
  public static void require(String... programs) {
    List<String> missing = new ArrayList<>();
    for (String program : programs) if (which(program) == null) missing.add(program);
    if (missing.isEmpty()) return;
    String message = "high-availability test needs " + missing + ": apt-get install " + PACKAGES + " (as root)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("CI=true and " + message);
    Assumptions.abort(message);
  }

  /** The path of {@code program}: PostgreSQL's bin folder first, then the usual system folders. */
  public static Path which(String program) {
    for (Path dir : List.of(PG_BIN, Path.of("/usr/bin"), Path.of("/usr/sbin"), Path.of("/usr/local/bin"))) {
      Path p = dir.resolve(program);
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** {@code command} as the postgres user when we are root, with PostgreSQL's binaries first on the PATH. */
  static ProcessBuilder asPostgres(Path home, List<String> command) {
    List<String> full = new ArrayList<>();
    if (isRoot()) full.addAll(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(command);
    ProcessBuilder b = new ProcessBuilder(full);
    Map<String, String> env = b.environment();
    env.put("PATH", PG_BIN + ":/usr/bin:/bin:/usr/sbin:/sbin");
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
    env.put("XDG_DATA_HOME", home.resolve("share").toString());
    env.put("XDG_RUNTIME_DIR", home.resolve("run").toString());
    env.remove("PGHOST");
    env.remove("PGPORT");
    env.remove("PGDATA");
    return b;
  }

  /** A temporary folder the postgres user owns. */
  static Path ownedTempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      if (isRoot()) run(List.of("chown", "postgres:postgres", dir.toString()));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(command + ": " + out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * SIGKILL to a process and every process under it, children first seen and killed together, as a lost machine
   * would stop them: nothing is closed cleanly, no shutdown is run.
   */
  public static void killTree(ProcessHandle root) {
    List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
    all.add(root);
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // reported by the caller's checks
      }
    }
  }

  /** The last {@code lines} lines of a log file, or why it could not be read. */
  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(" + file + " unreadable: " + e + ")";
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null) return;
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a temporary folder
    }
  }

  /** A free loopback port, never PostgreSQL's default one (the machine's shared server). */
  public static int freePort() {
    while (true) {
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        if (socket.getLocalPort() != 5432) return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
