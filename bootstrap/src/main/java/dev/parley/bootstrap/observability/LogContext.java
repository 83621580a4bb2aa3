package dev.parley.bootstrap.observability;

import java.util.Map;
import org.slf4j.MDC;

/**
 * Puts tenant_id, chat_id and call_id into the logging context (MDC) for a block of work and restores what was
 * there before. Only identifiers go into the context: never keys, secrets or message text.
 */
final class LogContext implements AutoCloseable {
  static final String TENANT = "tenant_id";
  static final String CHAT = "chat_id";
  static final String CALL = "call_id";

  private final Map<String, String> previous;

  private LogContext(Map<String, String> previous) {
    this.previous = previous;
  }

  static LogContext of(Object tenantId, Object chatId, Object callId) {
    Map<String, String> previous = MDC.getCopyOfContextMap();
    put(TENANT, tenantId);
    put(CHAT, chatId);
    put(CALL, callId);
    return new LogContext(previous);
  }

  private static void put(String key, Object value) {
    if (value != null) MDC.put(key, value.toString());
  }

  @Override
  public void close() {
    if (previous == null) MDC.clear();
    else MDC.setContextMap(previous);
  }
}
