package dev.parley.bootstrap.observability;

import dev.parley.application.port.out.ToolExecutor;
import dev.parley.domain.agent.ToolDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decorates the {@link ToolExecutor} port: times every server tool call ({@code parley.tool.calls}, outcome
 * {@code ok} or {@code error} — the port never throws, a failed call answers {@code {"error": ...}}) and puts
 * tenant_id, chat_id and call_id in the logging context (MDC) while the call runs. The tool name is not a tag:
 * tenants name their tools, so it would grow without limit.
 */
public final class ObservedToolExecutor implements ToolExecutor {
  static final String CALLS = "parley.tool.calls";

  private final ToolExecutor delegate;
  private final Timer ok;
  private final Timer error;

  public ObservedToolExecutor(ToolExecutor delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.ok = timer(registry, "ok");
    this.error = timer(registry, "error");
  }

  @Override
  public Object execute(ToolDefinition tool, Object arguments, ToolContext context) {
    long start = System.nanoTime();
    boolean failed = true;
    try (LogContext ignored = LogContext.of(context.tenantId(), context.chatId(), context.callId())) {
      Object result = delegate.execute(tool, arguments, context);
      failed = result instanceof Map<?, ?> m && m.containsKey("error");
      return result;
    } finally {
      (failed ? error : ok).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private static Timer timer(MeterRegistry registry, String outcome) {
    return Timer.builder(CALLS).description("Server tool calls (HTTP webhooks) made during turns")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
        .register(registry);
  }
}
