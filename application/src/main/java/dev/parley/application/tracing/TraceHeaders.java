package dev.parley.application.tracing;

import java.util.Map;

/**
 * Outbound port: the headers that carry the current trace to a service Parley calls (W3C {@code traceparent} and
 * {@code tracestate}), so tools, MCP servers and webhook receivers can join the trace. Empty when tracing is off.
 */
@FunctionalInterface
public interface TraceHeaders {
  TraceHeaders NONE = Map::of;

  Map<String, String> current();
}
