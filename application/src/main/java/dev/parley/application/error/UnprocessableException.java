package dev.parley.application.error;

/** The request contradicts something recorded earlier (an idempotency key reused with another body): 422. */
public final class UnprocessableException extends RuntimeException {
  public UnprocessableException(String message) {
    super(message);
  }
}
