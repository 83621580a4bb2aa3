package dev.parley.domain.common;

/** A value broke a domain rule; {@code field} names the offending input (snake_case, as on the wire). */
public final class InvalidValueException extends DomainException {
  private final String field;

  public InvalidValueException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  public static String requireNonBlank(String field, String value) {
    if (value == null || value.isBlank()) throw new InvalidValueException(field, field + " must not be blank");
    return value;
  }
}
