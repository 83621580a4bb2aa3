package dev.parley.domain.session;

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
}
