package dev.parley.application.policy;

import dev.parley.application.error.TooManyTurnsException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound on turns in flight on one instance ({@code parley.limits.turns-in-flight}; 0: none). Transports take a
 * permit before a turn does any work and give it back when the turn is over, so a burst past the bound is refused
 * at once with 429 instead of piling onto the connection pool and failing there as 503 (issue 25).
 */
public final class TurnAdmission {
  private final int bound;
  private final long retryAfterSeconds;
  private final AtomicInteger inFlight = new AtomicInteger();

  public TurnAdmission(int bound, long retryAfterSeconds) {
    if (bound < 0) throw new IllegalArgumentException("parley.limits.turns-in-flight must be 0 (no bound) or more");
    this.bound = bound;
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  /** A permit for one turn, or {@link TooManyTurnsException} when the instance is at its bound. */
  public Permit admit() {
    int now = inFlight.incrementAndGet();
    if (bound > 0 && now > bound) {
      inFlight.decrementAndGet();
      throw new TooManyTurnsException(bound, retryAfterSeconds);
    }
    return new Permit();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int bound() {
    return bound;
  }

  /** Closing it more than once gives the permit back once. */
  public final class Permit implements AutoCloseable {
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Permit() {}

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) inFlight.decrementAndGet();
    }
  }
}
