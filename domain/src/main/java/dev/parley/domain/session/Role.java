package dev.parley.domain.session;

import dev.parley.domain.common.InvalidValueException;
import java.util.Locale;

/** Who wrote a message. */
public enum Role {
  USER,
  ASSISTANT,
  SYSTEM,
  /** A person who took the conversation over; the agent sees their messages as its own (assistant) turns. */
  OPERATOR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A stored role back (clients may not send {@code operator}: only the operator API writes it). */
  public static Role fromStored(String name) {
    return "operator".equals(name) ? OPERATOR : fromWireName("role", name);
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
