package dev.parley.bootstrap.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the embedded PostgreSQL's life to this JVM's. PostgreSQL runs detached (pg_ctl), so a server killed with
 * SIGKILL or by the OOM killer would leave it running. A small shell process watches this JVM's pid once a second;
 * when the JVM is gone it asks the postmaster for a fast shutdown (SIGINT), if the data directory's
 * {@code postmaster.pid} still names it (so a stopped or restarted PostgreSQL is left alone). Not on Windows.
 */
final class PostmasterWatchdog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostmasterWatchdog.class);
  private static final String SCRIPT = "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; "
      + "read -r running < \"$3\" 2>/dev/null && [ \"$running\" = \"$2\" ] && kill -INT \"$2\"";

  private final Process watcher;

  private PostmasterWatchdog(Process watcher) {
    this.watcher = watcher;
  }

  /** Starts watching for the postmaster now running on {@code dataDir}; empty where it cannot (no sh, no pid file). */
  static Optional<PostmasterWatchdog> start(Path dataDir) {
    if (System.getProperty("os.name", "").toLowerCase().startsWith("windows")) return Optional.empty();
    Path pidFile = dataDir.resolve("postmaster.pid");
    try {
      String postmasterPid = Files.readAllLines(pidFile).get(0).trim();
      Process watcher = new ProcessBuilder(List.of("sh", "-c", SCRIPT, "parley-postgres-watchdog",
          Long.toString(ProcessHandle.current().pid()), postmasterPid, pidFile.toAbsolutePath().toString()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      return Optional.of(new PostmasterWatchdog(watcher));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not start the embedded PostgreSQL's watchdog ({}); if this server is killed, stop the "
          + "PostgreSQL on {} by hand or let the next start do it", e.toString(), dataDir);
      return Optional.empty();
    }
  }

  /** The server stops PostgreSQL itself: the watcher is not needed any more. */
  @Override
  public void close() {
    watcher.destroy();
  }
}
