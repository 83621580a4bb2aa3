package dev.parley.bootstrap.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a start must never stop: only a postgres of this very data directory is an orphan to stop. */
class OrphanedPostmasterTest {
  @TempDir
  Path dataDir;

  @Test
  void a_live_process_that_is_not_postgres_is_left_alone_even_when_postmaster_pid_names_it() throws Exception {
    Process other = new ProcessBuilder("sleep", "30").start(); // a reused pid
    try {
      writePidFile(other.pid(), dataDir);
      assertThat(OrphanedPostmaster.stopIfAny(dataDir)).isEmpty();
      assertThat(other.isAlive()).isTrue();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void a_pid_file_of_another_directory_or_of_a_dead_process_changes_nothing() throws Exception {
    Process other = new ProcessBuilder("sleep", "30").start();
    try {
      writePidFile(other.pid(), dataDir.resolve("elsewhere"));
      assertThat(OrphanedPostmaster.stopIfAny(dataDir)).isEmpty();
      assertThat(other.isAlive()).isTrue();
    } finally {
      other.destroyForcibly();
      other.waitFor();
    }
    writePidFile(other.pid(), dataDir); // exited now
    assertThat(OrphanedPostmaster.stopIfAny(dataDir)).isEmpty();
  }

  private void writePidFile(long pid, Path recordedDir) throws IOException {
    Files.writeString(dataDir.resolve("postmaster.pid"), pid + "\n" + recordedDir + "\n1700000000\n5432\n");
  }
}
