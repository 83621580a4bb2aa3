package dev.parley.adapter.in.ws.kernel;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one socket's work one task at a time, in arrival order, on a shared blocking executor — never on the Netty
 * event loop, and holding no thread while idle. Bounded, so a client cannot queue unlimited work behind a turn.
 * Both socket protocols (webCall and /ws/chat) use it.
 */
public final class SerialMailbox {
  private static final Logger LOG = LoggerFactory.getLogger(SerialMailbox.class);

  private final String owner;
  private final Executor executor;
  private final int capacity;
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean overflowQueued = new AtomicBoolean();

  /** {@code owner} names the socket kind in the log line of a failed task. */
  public SerialMailbox(String owner, Executor executor, int capacity) {
    this.owner = owner;
    this.executor = executor;
    this.capacity = capacity;
  }

  /** Queues a client-triggered task; false when the mailbox is full. */
  public boolean offer(Runnable task) {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return false;
    }
    queue.add(task);
    schedule();
    return true;
  }

  /**
   * Queues a client-triggered task; when the mailbox is full, queues {@code overflow} instead — once until it ran, so a
   * flood of messages gets one answer, not one each.
   */
  public void offerOr(Runnable task, Runnable overflow) {
    if (offer(task)) return;
    if (overflowQueued.compareAndSet(false, true)) {
      offerAlways(() -> {
        overflowQueued.set(false);
        overflow.run();
      });
    }
  }

  /** Queues a server-side task (authentication, clean-up, an ending noticed elsewhere) whatever the queue's length. */
  public void offerAlways(Runnable task) {
    size.incrementAndGet();
    queue.add(task);
    schedule();
  }

  private void schedule() {
    if (running.compareAndSet(false, true)) executor.execute(this::drain);
  }

  private void drain() {
    try {
      Runnable task;
      while ((task = queue.poll()) != null) {
        size.decrementAndGet();
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          LOG.error("{} task failed", owner, e);
        }
      }
    } finally {
      running.set(false);
      if (!queue.isEmpty()) schedule(); // a task added between the last poll and the flag reset
    }
  }
}
