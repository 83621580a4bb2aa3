package dev.parley.adapter.in.ws.kernel;

import io.micronaut.websocket.CloseReason;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to one socket, for both protocols: back-pressure (a client whose write buffer stays full for
 * {@code maxUnreadFrames} frames is dropped with 1008, so memory per socket is bounded), pings, and closing — at once,
 * or after a grace period so the client reads the frames sent just before.
 */
public final class SocketWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SocketWriter.class);
  public static final CloseReason TOO_SLOW = new CloseReason(1008, "the client does not read its messages");

  private final SocketWire wire;
  private final int maxUnreadFrames;
  private final Duration closeGrace;
  private final Executor executor;
  private final AtomicInteger unreadFrames = new AtomicInteger();

  public SocketWriter(SocketWire wire, int maxUnreadFrames, Duration closeGrace, Executor executor) {
    this.wire = wire;
    this.maxUnreadFrames = maxUnreadFrames;
    this.closeGrace = closeGrace;
    this.executor = executor;
  }

  /** Writes one frame; completes when written (at once when the socket is closed or was just dropped). */
  public CompletableFuture<?> send(String json) {
    if (!wire.isOpen()) return CompletableFuture.completedFuture(null);
    if (wire.isWritable()) unreadFrames.set(0);
    else if (unreadFrames.incrementAndGet() > maxUnreadFrames) {
      close(TOO_SLOW);
      return CompletableFuture.completedFuture(null);
    }
    return wire.send(json);
  }

  public void ping() {
    if (wire.isOpen()) wire.ping();
  }

  /** Closes with {@code code} and {@code reason} once {@code last} was written and the grace period passed. */
  public void closeAfter(CompletableFuture<?> last, int code, String reason) {
    last.whenComplete((ok, e) -> closeSoon(new CloseReason(code, reason)));
  }

  /**
   * Closes after the grace period. Closing closes TCP right after the close frame, and clients that inflate
   * permessage-deflate frames asynchronously (Node's WebSocket) would otherwise lose the last message.
   */
  public void closeSoon(CloseReason reason) {
    CompletableFuture.delayedExecutor(closeGrace.toMillis(), TimeUnit.MILLISECONDS, executor).execute(() -> close(reason));
  }

  public void close(CloseReason reason) {
    try {
      if (wire.isOpen()) wire.close(reason);
    } catch (RuntimeException e) {
      LOG.debug("socket already closing: {}", e.getMessage());
    }
  }
}
