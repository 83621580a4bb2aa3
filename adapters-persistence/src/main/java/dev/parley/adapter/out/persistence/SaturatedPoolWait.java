package dev.parley.adapter.out.persistence;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells a pool that is busy from a database that is gone (issue 25). The pool waits at most
 * {@code connection-timeout} (2 s) for a connection so that an outage is answered 503 quickly. But a burst of turns on
 * virtual threads queues on the 20 connections of a healthy database for longer than that, and got 503s as if the
 * database were down. So a scope that timed out waiting for its connection, before any of its work ran, waits again
 * while other scopes completed within the last {@code parley.database.progress-window} (the database is answering),
 * up to {@code parley.database.saturated-wait} (120 s) in all: 10,000 turns sent at once on a loaded 2-core host queued
 * ≈ 170 s for the pool, and 30 s turned most of them into 503s. During an outage nothing completes: the 503 comes as
 * before, after at most {@code connection-timeout}.
 */
@Singleton
public class SaturatedPoolWait {
  private final long windowNanos;
  private final long maxWaitNanos;
  private final AtomicLong lastCompleted = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 4);

  public SaturatedPoolWait(@Value("${parley.database.progress-window:1s}") Duration window,
                           @Value("${parley.database.saturated-wait:120s}") Duration maxWait) {
    this.windowNanos = window.toNanos();
    this.maxWaitNanos = maxWait.toNanos();
  }

  /** A scope's work: it calls {@code started.run()} first thing once it holds its connection. */
  public interface Scope<T> {
    T run(Runnable started);
  }

  public <T> T run(Scope<T> scope) {
    long deadline = System.nanoTime() + maxWaitNanos;
    while (true) {
      boolean[] started = {false};
      try {
        T result = scope.run(() -> started[0] = true);
        lastCompleted.set(System.nanoTime());
        return result;
      } catch (RuntimeException e) {
        if (started[0]) lastCompleted.set(System.nanoTime()); // the database answered; the work failed
        long now = System.nanoTime();
        if (started[0] || !poolTimeout(e) || now - lastCompleted.get() > windowNanos || now > deadline) throw e;
      }
      pause(); // a pool that refuses at once (suspended, closing) is not spun on
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a database connection", interrupted);
    }
  }

  private static boolean poolTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause())
      if (t instanceof SQLTransientConnectionException) return true;
    return false;
  }

  /** For tests: as if a scope had just completed. */
  void completedNow() {
    lastCompleted.set(System.nanoTime());
  }
}
