package dev.parley.domain.session;

import dev.parley.domain.common.InvalidValueException;
import java.util.Locale;

/** Who wrote a message. */
public enum Role {
  USER,
  ASSISTANT,
  SYSTEM;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromWireName(String field, String name) {
    if (name == null) throw new InvalidValueException(field, field + " is required (user, assistant or system)");
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "user" -> USER;
      case "assistant" -> ASSISTANT;
      case "system" -> SYSTEM;
      default -> throw new InvalidValueException(field, field + " must be user, assistant or system, not '" + name + "'");
    };
  }
}
