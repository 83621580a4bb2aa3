package dev.parley.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.HttpJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * #17.9: the zero-configuration run (embedded PostgreSQL in {@code PARLEY_DATA_DIR}) killed with SIGKILL. Its
 * PostgreSQL must not outlive it for long, and when it still runs (its watchdog killed too) the next start must stop
 * it and serve, with the chats kept.
 */
class EmbeddedDatabaseCrashReliabilityTest {
  private static final String DEV_KEY = "pk_embedded_crash_test_key_0123456789";
  private static final long ORPHAN_BOUND_MS = 20_000;
  private Path folder;
  private Path dataDir;
  private ServerProcess server;

  @BeforeEach
  void folder() throws IOException {
    folder = Files.createTempDirectory("parley-embedded-crash");
    dataDir = folder.resolve("pgdata");
  }

  @AfterEach
  void cleanUp() throws IOException {
    if (server != null) server.close();
    postmaster().ifPresent(pg -> { // never leave a PostgreSQL of this test behind, whatever failed
      pg.destroyForcibly();
      pg.descendants().forEach(ProcessHandle::destroyForcibly);
      pg.onExit().join();
    });
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void the_embedded_postgres_of_a_killed_server_stops_soon_after_it() {
    server = start("embedded-crash-watchdog");
    long postgresPid = postmaster().orElseThrow().pid();
    server.killHard();
    long goneAfterMs = awaitGone(postgresPid, ORPHAN_BOUND_MS + 10_000);
    Summary.print("embedded-crash-orphan", Map.of("kill", "SIGKILL server", "postgres_gone_after_ms",
        goneAfterMs < 0 ? "still running after " + (ORPHAN_BOUND_MS + 10_000) : goneAfterMs, "bound_ms", ORPHAN_BOUND_MS));
    assertThat(goneAfterMs).as("ms until the killed server's PostgreSQL exited (-1: never)").isBetween(0L, ORPHAN_BOUND_MS);

    server = start("embedded-crash-watchdog-restart"); // and the next start finds a clean directory
    assertThat(new HttpJson(server.base(), DEV_KEY).get("/api/v1/chats").status()).isEqualTo(200);
  }

  @Test
  void a_start_after_a_crash_that_left_postgres_running_stops_it_and_serves_the_same_chats() {
    server = start("embedded-crash-orphan");
    HttpJson http = new HttpJson(server.base(), DEV_KEY);
    String chat = (String) http.post("/api/v1/chats", Map.of()).json().get("id");
    assertThat(http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "before the crash")).status()).isEqualTo(200);
    long orphanPid = postmaster().orElseThrow().pid();

    // SIGKILL the server and its watchdog together (a kill of the whole process group, or a watchdog-less platform)
    ProcessHandle.of(server.pid()).orElseThrow().descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("sh")).orElse(false)).forEach(ProcessHandle::destroyForcibly);
    server.killHard();
    ServerProcess.sleep(2_000);
    assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).as("the orphan runs on").contains(true);

    long restarting = System.nanoTime();
    String outcome;
    try {
      server = start("embedded-crash-orphan-restart");
      outcome = "serves";
    } catch (IllegalStateException e) {
      server = null;
      outcome = "failed to start: " + e.getMessage();
    }
    long startMs = (System.nanoTime() - restarting) / 1_000_000;
    boolean orphanGone = ProcessHandle.of(orphanPid).map(p -> !p.isAlive()).orElse(true);
    Summary.print("embedded-crash-restart", Map.of("kill", "SIGKILL server and watchdog", "restart", outcome,
        "restart_ms", startMs, "orphan_stopped", orphanGone));
    assertThat(outcome).isEqualTo("serves");
    assertThat(orphanGone).isTrue();
    List<Object> messages = HttpJson.asList(new HttpJson(server.base(), DEV_KEY).get("/api/v1/chats/" + chat).json().get("messages"));
    assertThat(messages).extracting(m -> HttpJson.asMap(m).get("content")).contains("before the crash");
  }

  private ServerProcess start(String name) {
    Map<String, String> properties = new LinkedHashMap<>(ServerProcess.underTestLoad("embedded-crash-admin"));
    properties.remove("datasources.default.maximum-pool-size");
    return ServerProcess.startEmbedded(name, OwnPostgres.freePort(), dataDir, DEV_KEY, properties);
  }

  /** The postmaster running on this test's data directory, if any. */
  private Optional<ProcessHandle> postmaster() {
    try {
      Path pidFile = dataDir.resolve("postmaster.pid");
      if (!Files.exists(pidFile)) return Optional.empty();
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Milliseconds until {@code pid} exits, or -1 if it still runs after {@code maxMs}. */
  private static long awaitGone(long pid, long maxMs) {
    long start = System.nanoTime();
    while ((System.nanoTime() - start) / 1_000_000 < maxMs) {
      if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) return (System.nanoTime() - start) / 1_000_000;
      ServerProcess.sleep(100);
    }
    return -1;
  }
}
