package dev.parley.adapter.out.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The OpenTelemetry SDK as Parley uses it: one tracer whose spans a batch processor exports over OTLP/HTTP
 * (protobuf), and the W3C trace-context propagator for {@code traceparent} in and out. Not registered globally, so
 * several servers in one JVM (tests) keep their own.
 */
public final class OtelTracing implements AutoCloseable {
  public static final String INSTRUMENTATION = "dev.parley";

  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final TracingSettings settings;
  private final TextMapPropagator propagator = W3CTraceContextPropagator.getInstance();

  public OtelTracing(TracingSettings settings) {
    this.settings = settings;
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(settings.endpoint()).build();
    this.provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), settings.serviceName()))))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(settings.exportInterval()).build())
        .build();
    this.tracer = provider.get(INSTRUMENTATION);
  }

  public Tracer tracer() {
    return tracer;
  }

  public boolean captureContent() {
    return settings.captureContent();
  }

  /** {@code traceparent} (and {@code tracestate}) of the current span; empty outside any span. */
  public Map<String, String> currentHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    propagator.inject(Context.current(), headers, (carrier, key, value) -> carrier.put(key, value));
    return headers;
  }

  /** The context a caller sent in its {@code traceparent}, or the root context when it sent none. */
  public Context extract(Function<String, String> header) {
    return propagator.extract(Context.root(), header, new TextMapGetter<>() {
      @Override
      public Iterable<String> keys(Function<String, String> carrier) {
        return List.of("traceparent", "tracestate");
      }

      @Override
      public String get(Function<String, String> carrier, String key) {
        return carrier == null ? null : carrier.apply(key);
      }
    });
  }

  /** Sends what is still buffered. */
  public void flush() {
    provider.forceFlush().join(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
