package dev.parley.adapter.in.rest.aisdk;

import dev.parley.application.error.BusyException;
import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.error.SpendCapReachedException;
import dev.parley.domain.session.SessionFinalException;

/** The {@code errorText} of a turn that failed once its stream had begun (codes as the problem+json answers name them). */
final class TurnFailures {
  private TurnFailures() {}

  static String describe(RuntimeException e) {
    if (e instanceof BusyException b) return b.code() + ": " + b.getMessage();
    if (e instanceof SpendCapReachedException s) return s.code() + ": " + s.getMessage();
    if (e instanceof ConflictException c) return c.code() + ": " + c.getMessage();
    if (e instanceof NotFoundException || e instanceof SessionFinalException) return e.getMessage();
    return "turn_failed: the turn could not complete";
  }
}
