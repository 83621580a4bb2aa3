package dev.parley.application.error;

/** The request is valid but the resource's current state does not allow it (answered as 409). */
public class ConflictException extends RuntimeException {
  private final String code;

  public ConflictException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
