package dev.parley.bootstrap.observability;

import dev.parley.adapter.out.tracing.OtelTracing;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.core.propagation.ThreadPropagatedContextElement;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * With tracing on, every HTTP request (the WebSocket upgrades included) is a server span, the child of the caller's
 * {@code traceparent} when it sent one. Its context follows the request to every thread that works on it
 * (Micronaut's propagated context), so the agent turn it runs hangs under it. Attributes: method, path template,
 * status; never a header, a query string or a body.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
@Requires(beans = OtelTracing.class)
public final class TracingHttpFilter implements Ordered {
  private static final String SPAN = "parley.trace.span";
  private final OtelTracing tracing;

  public TracingHttpFilter(OtelTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE; // before authentication, so refused requests are traced too
  }

  @RequestFilter
  public void enter(HttpRequest<?> request, MutablePropagatedContext context) {
    Context parent = tracing.extract(request.getHeaders()::get);
    Span span = tracing.tracer().spanBuilder(request.getMethodName()).setParent(parent).setSpanKind(SpanKind.SERVER)
        .setAttribute("http.request.method", request.getMethodName())
        .setAttribute("url.path", request.getPath())
        .setAttribute("url.scheme", request.isSecure() ? "https" : "http")
        .startSpan();
    request.setAttribute(SPAN, span);
    context.add(new OtelContext(parent.with(span)));
  }

  @ResponseFilter
  public void exit(HttpRequest<?> request, MutableHttpResponse<?> response) {
    request.getAttribute(SPAN, Span.class).ifPresent(span -> {
      BasicHttpAttributes.getUriTemplate(request).ifPresent(route -> {
        span.setAttribute("http.route", route);
        span.updateName(request.getMethodName() + " " + route);
      });
      int status = response.code();
      span.setAttribute("http.response.status_code", (long) status);
      if (status >= 500) {
        span.setAttribute("error.type", Integer.toString(status));
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    });
  }

  /** Makes the request's trace context current on each thread that picks the request up. */
  static final class OtelContext implements ThreadPropagatedContextElement<Scope> {
    private final Context context;

    OtelContext(Context context) {
      this.context = context;
    }

    @Override
    public Scope updateThreadContext() {
      return context.makeCurrent();
    }

    @Override
    public void restoreThreadContext(Scope scope) {
      scope.close();
    }
  }
}
