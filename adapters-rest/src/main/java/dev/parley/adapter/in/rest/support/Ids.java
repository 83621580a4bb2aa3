package dev.parley.adapter.in.rest.support;

import dev.parley.domain.common.InvalidValueException;
import java.util.UUID;

/** Parses ids given in bodies and query strings, naming the field when one is malformed. */
public final class Ids {
  private Ids() {}

  public static UUID parse(String field, String value) {
    if (value == null || value.isBlank()) return null;
    try {
      return UUID.fromString(value.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException(field, field + " must be a UUID, got '" + value + "'");
    }
  }
}
