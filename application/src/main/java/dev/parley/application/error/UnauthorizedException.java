package dev.parley.application.error;

/** Missing, unknown or revoked credentials (401). */
public final class UnauthorizedException extends RuntimeException {
  public UnauthorizedException(String message) {
    super(message);
  }
}
