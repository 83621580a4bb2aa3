package dev.parley.adapter.in.ws.vendor;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one socket's work one task at a time, in arrival order, on the shared blocking executor — never on the Netty
 * event loop, and holding no thread while idle. The same approach as the webCall socket's {@code SerialMailbox}
 * (package-private there, so repeated here rather than shared).
 */
final class VendorMailbox {
  private static final Logger LOG = LoggerFactory.getLogger(VendorMailbox.class);

  private final Executor executor;
  private final int capacity;
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean();

  VendorMailbox(Executor executor, int capacity) {
    this.executor = executor;
    this.capacity = capacity;
  }

  /** Queues a client-triggered task; false when the mailbox is full. */
  boolean offer(Runnable task) {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return false;
    }
    queue.add(task);
    schedule();
    return true;
  }

  /** Queues a server-side task (authentication, an ending noticed elsewhere) whatever the queue's length. */
  void offerAlways(Runnable task) {
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
          LOG.error("/ws/chat task failed", e);
        }
      }
    } finally {
      running.set(false);
      if (!queue.isEmpty()) schedule(); // a task added between the last poll and the flag reset
    }
  }
}
