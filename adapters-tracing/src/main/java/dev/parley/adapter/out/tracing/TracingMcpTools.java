package dev.parley.adapter.out.tracing;

import dev.parley.application.tool.McpTools;
import dev.parley.domain.agent.McpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.util.List;
import java.util.Map;

/**
 * Decorates the {@link McpTools} port: each MCP tool call is an {@code execute_tool} span ({@code mcp.method.name}
 * {@code tools/call}), and each listing a {@code tools/list} client span (a list answered from the cache is short);
 * each is current while it runs, so the requests to the server carry its {@code traceparent}.
 */
public final class TracingMcpTools implements McpTools {
  private final McpTools delegate;
  private final OtelTracing tracing;

  public TracingMcpTools(McpTools delegate, OtelTracing tracing) {
    this.delegate = delegate;
    this.tracing = tracing;
  }

  @Override
  public List<McpTool> list(McpServer server) {
    Span span = tracing.tracer().spanBuilder("tools/list " + server.name()).setSpanKind(SpanKind.CLIENT)
        .setAttribute(GenAi.MCP_METHOD, "tools/list").startSpan();
    return GenAi.within(span, () -> delegate.list(server));
  }

  @Override
  public Map<String, Object> call(McpServer server, String tool, Map<String, Object> arguments) {
    Span span = TracingToolExecutor.ToolSpans.start(tracing, server.name() + McpServer.SEPARATOR + tool, null, arguments);
    span.setAttribute(GenAi.MCP_METHOD, "tools/call");
    return GenAi.within(span, () -> {
      Map<String, Object> result = delegate.call(server, tool, arguments);
      TracingToolExecutor.ToolSpans.finish(tracing, span, result);
      return result;
    });
  }
}
