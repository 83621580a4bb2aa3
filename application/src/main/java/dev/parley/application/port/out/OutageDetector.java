package dev.parley.application.port.out;

/**
 * Outbound port: tells a failure of a dependency that cannot be reached right now (the database down, restarting or
 * cut off; worth retrying in a moment) from every other failure (a bug). Adapters that answer clients over a channel
 * without HTTP status codes (the sockets) use it to say "try again" instead of "internal error".
 */
public interface OutageDetector {
  boolean isUnavailable(Throwable failure);
}
