package dev.parley.domain.session;

import dev.parley.domain.common.DomainException;

/** A transition the session's current state does not allow (answered as 409 with {@code code}). */
public final class InvalidTransitionException extends DomainException {
  private final String code;

  public InvalidTransitionException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
