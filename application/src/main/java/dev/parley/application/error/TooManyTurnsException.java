package dev.parley.application.error;

/**
 * A turn refused before any work because this instance already runs {@code parley.limits.turns-in-flight} turns:
 * answered 429 {@code too_many_turns} with {@code Retry-After} on REST, as an error with that code on the sockets.
 * Nothing of the turn was stored; sending it again later is safe.
 */
public final class TooManyTurnsException extends ConflictException {
  public static final String CODE = "too_many_turns";
  private final long retryAfterSeconds;

  public TooManyTurnsException(int bound, long retryAfterSeconds) {
    super(CODE, "this instance is running its limit of " + bound + " turns at once; try again shortly");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
