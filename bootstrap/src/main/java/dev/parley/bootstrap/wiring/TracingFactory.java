package dev.parley.bootstrap.wiring;

import dev.parley.adapter.out.tracing.OtelTracing;
import dev.parley.adapter.out.tracing.OtelTurnTracer;
import dev.parley.adapter.out.tracing.TracingSettings;
import dev.parley.application.tracing.MessageTracer;
import dev.parley.application.tracing.TraceHeaders;
import dev.parley.bootstrap.observability.OtelMessageTracer;
import dev.parley.application.tracing.TurnTracer;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Wires OpenTelemetry tracing ({@code parley.tracing.*}, off by default). Off, the ports get their no-op forms and no
 * decorator is applied; on, {@link dev.parley.bootstrap.observability.TracingInstrumentation} wraps the ports.
 */
@Factory
public class TracingFactory {

  @Singleton
  @Bean(preDestroy = "close")
  @Requires(property = "parley.tracing.enabled", value = "true")
  OtelTracing otelTracing(@Nullable @Value("${parley.tracing.otlp-endpoint:}") String endpoint,
                          @Value("${parley.tracing.service-name:parley}") String serviceName,
                          @Value("${parley.tracing.export-interval:5s}") Duration exportInterval,
                          @Value("${parley.tracing.capture-content:false}") boolean captureContent) {
    if (endpoint == null || endpoint.isBlank())
      throw new IllegalStateException("parley.tracing.enabled is true but parley.tracing.otlp-endpoint is not set");
    return new OtelTracing(new TracingSettings(endpoint, serviceName, exportInterval, captureContent));
  }

  @Singleton
  TraceHeaders traceHeaders(Optional<OtelTracing> tracing) {
    return tracing.<TraceHeaders>map(t -> t::currentHeaders).orElse(TraceHeaders.NONE);
  }

  @Singleton
  MessageTracer messageTracer(Optional<OtelTracing> tracing) {
    return tracing.<MessageTracer>map(OtelMessageTracer::new).orElse(MessageTracer.NONE);
  }

  @Singleton
  TurnTracer turnTracer(Optional<OtelTracing> tracing) {
    return tracing.<TurnTracer>map(OtelTurnTracer::new).orElse(TurnTracer.NONE);
  }
}
