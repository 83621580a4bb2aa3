package dev.parley.application.error;

/** Input beyond a configured limit (answered as 413); {@code field}, when known, is the JSON Pointer of the input. */
public final class PayloadTooLargeException extends RuntimeException {
  private final String field;

  public PayloadTooLargeException(String message) {
    this(null, message);
  }

  public PayloadTooLargeException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
