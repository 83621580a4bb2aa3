package dev.parley.domain.session;

import dev.parley.domain.common.InvalidValueException;
import java.util.Locale;

/**
 * What a new message does when a turn is already running on its chat: waits its turn (bounded), is refused at once,
 * or stops the running turn at its next safe point and then runs.
 */
public enum BusyPolicy {
  ENQUEUE,
  REJECT,
  INTERRUPT;

  /** What to do with a new message now. */
  public enum Decision {
    /** No turn is running: go ahead. */
    RUN,
    /** Wait for the running turn to finish, up to the configured wait. */
    WAIT,
    /** Refuse the message: the chat is busy. */
    REFUSE,
    /** Ask the running turn to stop, then run once it has. */
    INTERRUPT_THEN_RUN
  }

  public Decision decide(boolean turnRunning) {
    if (!turnRunning) return Decision.RUN;
    return switch (this) {
      case ENQUEUE -> Decision.WAIT;
      case REJECT -> Decision.REFUSE;
      case INTERRUPT -> Decision.INTERRUPT_THEN_RUN;
    };
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A message's {@code on_busy} overrides its agent's {@code busy_policy}; null keeps {@code fallback}. */
  public static BusyPolicy orDefault(String field, String name, BusyPolicy fallback) {
    return name == null ? fallback : fromWireName(field, name);
  }

  public static BusyPolicy fromWireName(String field, String name) {
    if (name != null) for (BusyPolicy p : values()) if (p.wireName().equals(name)) return p;
    throw new InvalidValueException(field, field + " must be enqueue, reject or interrupt");
  }
}
