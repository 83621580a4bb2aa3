package dev.parley.application.error;

/** The thing asked for does not exist for this tenant (a foreign id looks exactly like a missing one). */
public final class NotFoundException extends RuntimeException {
  public NotFoundException(String what, Object id) {
    super(what + " " + id + " was not found");
  }
}
