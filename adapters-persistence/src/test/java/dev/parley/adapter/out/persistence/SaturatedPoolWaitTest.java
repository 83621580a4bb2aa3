package dev.parley.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SaturatedPoolWaitTest {
  private static RuntimeException poolTimeout() {
    return new IllegalStateException("Failed to obtain JDBC Connection",
        new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 2000ms."));
  }

  @Test
  void a_pool_timeout_while_other_work_completes_waits_again_and_then_runs() {
    SaturatedPoolWait wait = new SaturatedPoolWait(Duration.ofSeconds(1), Duration.ofSeconds(30));
    AtomicInteger attempts = new AtomicInteger();
    String result = wait.run(started -> {
      wait.completedNow(); // other scopes keep completing: the database answers
      if (attempts.incrementAndGet() < 3) throw poolTimeout();
      started.run();
      return "done";
    });
    assertThat(result).isEqualTo("done");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void a_pool_timeout_with_nothing_completing_is_the_outage_and_fails_at_once() {
    SaturatedPoolWait wait = new SaturatedPoolWait(Duration.ofMillis(200), Duration.ofSeconds(30));
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> wait.run(started -> {
      attempts.incrementAndGet();
      throw poolTimeout();
    })).hasRootCauseInstanceOf(SQLTransientConnectionException.class);
    assertThat(attempts).as("no scope completed recently: not waited again").hasValue(1);
  }

  @Test
  void work_that_started_or_failed_otherwise_is_never_run_twice() {
    SaturatedPoolWait wait = new SaturatedPoolWait(Duration.ofSeconds(1), Duration.ofSeconds(30));
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> wait.run(started -> {
      wait.completedNow();
      started.run();
      attempts.incrementAndGet();
      throw poolTimeout(); // e.g. a nested scope's timeout, after this one's work began
    })).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> wait.run(started -> {
      attempts.incrementAndGet();
      throw new IllegalArgumentException("not a pool timeout");
    })).isInstanceOf(IllegalArgumentException.class);
    assertThat(attempts).hasValue(2);
  }

  @Test
  void the_extra_wait_is_bounded() {
    SaturatedPoolWait wait = new SaturatedPoolWait(Duration.ofSeconds(1), Duration.ofMillis(50));
    AtomicInteger attempts = new AtomicInteger();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> wait.run(started -> {
      wait.completedNow();
      attempts.incrementAndGet();
      sleep(10);
      throw poolTimeout();
    })).hasRootCauseInstanceOf(SQLTransientConnectionException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    assertThat(attempts.get()).isGreaterThan(1);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
