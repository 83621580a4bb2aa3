package dev.parley.adapter.in.rest.json;

import io.micronaut.serde.exceptions.SerdeException;

/**
 * A request body value of the wrong JSON type, or one that cannot be stored as it is; the message reads after the
 * field's name ("must be a string, not a number").
 */
public final class RefusedJsonValue extends SerdeException {
  private final String within;

  public RefusedJsonValue(String message) {
    this("", message);
  }

  /** {@code within}: the pointer of the bad value inside the field Serde's path names ("/3" for an item). */
  public RefusedJsonValue(String within, String message) {
    super(message);
    this.within = within;
  }

  public String within() {
    return within;
  }

  static RefusedJsonValue of(String expected, Object got) {
    return new RefusedJsonValue("must be " + expected + ", not " + StrictScalars.jsonType(got));
  }
}
