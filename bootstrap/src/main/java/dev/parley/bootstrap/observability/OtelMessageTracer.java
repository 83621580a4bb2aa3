package dev.parley.bootstrap.observability;

import dev.parley.adapter.out.tracing.OtelTracing;
import dev.parley.application.tracing.MessageTracer;
import io.micronaut.core.propagation.PropagatedContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;

/**
 * A server span per socket message ({@code WS /ws/chat}). Its context goes into Micronaut's propagated context, so
 * work the message hands to the blocking executor (the turn) carries it and the turn's span hangs under it.
 */
public final class OtelMessageTracer implements MessageTracer {
  private final OtelTracing tracing;

  public OtelMessageTracer(OtelTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public void message(String socket, Runnable body) {
    Span span = tracing.tracer().spanBuilder("WS " + socket).setSpanKind(SpanKind.SERVER)
        .setAttribute("url.path", socket).startSpan();
    Context context = Context.current().with(span);
    try (PropagatedContext.Scope ignored = PropagatedContext.getOrEmpty()
        .plus(new TracingHttpFilter.OtelContext(context)).propagate()) {
      body.run();
    } finally {
      span.end();
    }
  }
}
