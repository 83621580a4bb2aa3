package dev.parley.bootstrap.database;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL left running on the embedded data directory by a server that died without stopping it (SIGKILL, the
 * OOM killer). Its {@code postmaster.pid} keeps every later start out ("Gave up waiting for server to start"), so the
 * next start stops it first: the process named in {@code postmaster.pid} is stopped only if it is a {@code postgres}
 * of this very data directory and no live server holds the directory's lock (zonky's {@code epg-lock}).
 */
final class OrphanedPostmaster {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmaster.class);
  private static final long STOP_WAIT_SECONDS = 30;

  private OrphanedPostmaster() {}

  /** Stops the orphan on {@code dataDir}, if there is one; answers its pid if it stopped one. */
  static Optional<Long> stopIfAny(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    List<String> lines;
    try {
      if (!Files.isRegularFile(pidFile)) return Optional.empty();
      lines = Files.readAllLines(pidFile);
    } catch (IOException e) {
      return Optional.empty(); // unreadable: PostgreSQL's own start will say what is wrong
    }
    if (lines.size() < 2) return Optional.empty();
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty() || !sameDirectory(lines.get(1).trim(), dataDir)) return Optional.empty(); // stale: postgres copes
    if (!isPostgres(process.get())) return Optional.empty(); // the pid was reused: not ours to stop
    if (heldByLiveServer(dataDir)) return Optional.empty(); // a running Parley uses it: the start fails, clearly
    LOG.warn("An embedded PostgreSQL (pid {}) is still running on {} after its server died; stopping it", pid, dataDir);
    stop(process.get());
    return Optional.of(pid);
  }

  private static void stop(ProcessHandle postmaster) {
    List<ProcessHandle> backends = postmaster.descendants().toList();
    postmaster.destroy(); // SIGTERM: a smart shutdown; its clients died with their server
    try {
      postmaster.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
      return;
    } catch (Exception e) {
      LOG.warn("The orphaned PostgreSQL (pid {}) did not stop within {} s; killing it", postmaster.pid(), STOP_WAIT_SECONDS);
    }
    postmaster.destroyForcibly();
    backends.forEach(ProcessHandle::destroyForcibly); // they hold the shared memory a new postmaster needs
    try {
      postmaster.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the orphaned embedded PostgreSQL (pid " + postmaster.pid() + ")", e);
    }
  }

  static boolean isPostgres(ProcessHandle process) {
    return process.info().command().map(Path::of).map(Path::getFileName).map(Path::toString)
        .map(name -> name.equals("postgres") || name.equals("postgres.exe")).orElse(false);
  }

  private static boolean sameDirectory(String recorded, Path dataDir) {
    try {
      return Files.isSameFile(Path.of(recorded), dataDir);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether another live process holds the embedded run's lock on the directory (the lock dies with its process). */
  private static boolean heldByLiveServer(Path dataDir) {
    Path lockFile = dataDir.resolve("epg-lock");
    if (!Files.exists(lockFile)) return false;
    try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
         FileLock lock = file.getChannel().tryLock()) {
      return lock == null;
    } catch (OverlappingFileLockException e) {
      return true; // this very JVM holds it
    } catch (IOException e) {
      return false;
    }
  }
}
