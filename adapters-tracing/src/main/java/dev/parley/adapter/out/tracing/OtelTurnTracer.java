package dev.parley.adapter.out.tracing;

import dev.parley.application.tracing.TurnTracer;
import io.opentelemetry.api.trace.Span;
import java.util.function.Supplier;

/** The {@link TurnTracer} port: an {@code invoke_agent} span per agent turn, the parent of its model and tool spans. */
public final class OtelTurnTracer implements TurnTracer {
  private final OtelTracing tracing;

  public OtelTurnTracer(OtelTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public <T> T turn(Turn turn, Supplier<T> body) {
    Span span = tracing.tracer().spanBuilder("invoke_agent " + turn.agentName())
        .setAttribute(GenAi.OPERATION, "invoke_agent")
        .setAttribute(GenAi.PROVIDER, "parley")
        .setAttribute(GenAi.AGENT_NAME, turn.agentName())
        .startSpan();
    if (turn.agentId() != null) span.setAttribute(GenAi.AGENT_ID, turn.agentId().toString());
    if (turn.chatId() != null) span.setAttribute(GenAi.CONVERSATION, turn.chatId().toString());
    if (turn.channel() != null) span.setAttribute(GenAi.CHANNEL, turn.channel());
    return GenAi.within(span, body);
  }
}
