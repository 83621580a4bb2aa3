package dev.parley.adapter.out.tracing;

import dev.parley.application.port.out.ToolExecutor;
import dev.parley.domain.agent.ToolDefinition;
import io.opentelemetry.api.trace.Span;
import java.util.Map;

/**
 * Decorates the {@link ToolExecutor} port: each server tool call is an {@code execute_tool} span, current while the
 * call runs so the webhook request carries its {@code traceparent}. Arguments and results only with content capture.
 */
public final class TracingToolExecutor implements ToolExecutor {
  private final ToolExecutor delegate;
  private final OtelTracing tracing;

  public TracingToolExecutor(ToolExecutor delegate, OtelTracing tracing) {
    this.delegate = delegate;
    this.tracing = tracing;
  }

  @Override
  public Object execute(ToolDefinition tool, Object arguments, ToolContext context) {
    Span span = ToolSpans.start(tracing, tool.name(), context == null || context.chatId() == null ? null
        : context.chatId().toString(), arguments);
    return GenAi.within(span, () -> {
      Object result = delegate.execute(tool, arguments, context);
      ToolSpans.finish(tracing, span, result);
      return result;
    });
  }

  /** Shared by the webhook and MCP tool spans. */
  static final class ToolSpans {
    private ToolSpans() {}

    static Span start(OtelTracing tracing, String name, String chatId, Object arguments) {
      Span span = tracing.tracer().spanBuilder("execute_tool " + name)
          .setAttribute(GenAi.OPERATION, "execute_tool")
          .setAttribute(GenAi.TOOL_NAME, name)
          .setAttribute(GenAi.TOOL_TYPE, "extension")
          .startSpan();
      if (chatId != null) span.setAttribute(GenAi.CONVERSATION, chatId);
      if (tracing.captureContent() && arguments != null) span.setAttribute(GenAi.TOOL_ARGUMENTS, String.valueOf(arguments));
      return span;
    }

    static void finish(OtelTracing tracing, Span span, Object result) {
      if (result instanceof Map<?, ?> m && m.containsKey("error")) GenAi.fail(span, "tool_error");
      if (tracing.captureContent() && result != null) span.setAttribute(GenAi.TOOL_RESULT, String.valueOf(result));
    }
  }
}
