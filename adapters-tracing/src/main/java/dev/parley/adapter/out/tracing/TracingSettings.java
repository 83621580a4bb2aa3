package dev.parley.adapter.out.tracing;

import java.time.Duration;

/**
 * Where and how traces go: the OTLP/HTTP traces endpoint (for example {@code http://collector:4318/v1/traces}), the
 * {@code service.name} resource attribute, how often finished spans are sent, and whether spans may carry message
 * content (prompts, replies, tool arguments and results) — off unless an operator turns it on.
 */
public record TracingSettings(String endpoint, String serviceName, Duration exportInterval, boolean captureContent) {
  public TracingSettings {
    if (endpoint == null || endpoint.isBlank()) throw new IllegalArgumentException("an OTLP endpoint is required");
    if (serviceName == null || serviceName.isBlank()) serviceName = "parley";
    if (exportInterval == null || exportInterval.isNegative() || exportInterval.isZero()) exportInterval = Duration.ofSeconds(5);
  }
}
