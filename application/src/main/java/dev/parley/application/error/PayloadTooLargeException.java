package dev.parley.application.error;

/** Input beyond a configured limit (answered as 413). */
public final class PayloadTooLargeException extends RuntimeException {
  public PayloadTooLargeException(String message) {
    super(message);
  }
}
