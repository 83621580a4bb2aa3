package dev.parley.application.error;

/**
 * A message refused because a turn is running on its chat and its busy policy is {@code reject}: answered 409
 * {@code conversation_busy} with {@code Retry-After}.
 */
public final class BusyException extends RuntimeException {
  private final long retryAfterSeconds;

  public BusyException(String message, long retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public String code() {
    return "conversation_busy";
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
