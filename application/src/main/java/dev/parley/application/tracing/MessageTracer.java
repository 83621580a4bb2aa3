package dev.parley.application.tracing;

/**
 * Outbound port: wraps the handling of one socket message in a server span named after the socket, so the turn it
 * starts can hang under it. {@link #NONE} runs the handling as it is.
 */
@FunctionalInterface
public interface MessageTracer {
  MessageTracer NONE = (socket, body) -> body.run();

  void message(String socket, Runnable body);
}
