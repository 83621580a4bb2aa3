package dev.parley.adapter.out.tracing;

import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.ModelRoute;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.session.Message;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decorates the {@link LanguageModel} port: each model call is a {@code chat} span (GenAI semantic conventions:
 * operation, provider, requested model and settings, finish reason, {@code error.type}). Prompts and replies are
 * attributes only when content capture is on.
 */
public final class TracingLanguageModel implements LanguageModel {
  private final LanguageModel delegate;
  private final OtelTracing tracing;

  public TracingLanguageModel(LanguageModel delegate, OtelTracing tracing) {
    this.delegate = delegate;
    this.tracing = tracing;
  }

  @Override
  public ModelReply complete(ModelRequest request) {
    return traced(request, () -> delegate.complete(request));
  }

  @Override
  public ModelReply stream(ModelRequest request, Consumer<String> sink) {
    return traced(request, () -> delegate.stream(request, sink));
  }

  @Override
  public Analysis analyze(AgentDefinition agent, ModelRoute route, List<Message> transcript, String finalReason) {
    return delegate.analyze(agent, route, transcript, finalReason);
  }

  @Override
  public List<String> validate(AgentDefinition agent) {
    return delegate.validate(agent);
  }

  private ModelReply traced(ModelRequest request, Supplier<ModelReply> call) {
    ModelSettings m = request.agent().model();
    // the route's first target is what is asked first (a tenant's connection); fallbacks show in the response model
    ModelRoute.Target first = request.route().isEmpty() ? null : request.route().targets().get(0);
    String provider = m.isScripted() ? "parley.scripted" : first != null ? first.provider() : m.provider();
    String model = first != null && first.model() != null ? first.model() : m.model() == null ? provider : m.model();
    Span span = tracing.tracer().spanBuilder("chat " + model).setSpanKind(SpanKind.CLIENT)
        .setAttribute(GenAi.OPERATION, "chat")
        .setAttribute(GenAi.PROVIDER, provider)
        .setAttribute(GenAi.REQUEST_MODEL, model)
        .startSpan();
    if (m.temperature() != null) span.setAttribute(GenAi.TEMPERATURE, m.temperature());
    if (m.maxTokens() != null) span.setAttribute(GenAi.MAX_TOKENS, m.maxTokens().longValue());
    if (tracing.captureContent()) {
      if (request.systemPrompt() != null) span.setAttribute(GenAi.SYSTEM_INSTRUCTIONS, request.systemPrompt());
      span.setAttribute(GenAi.INPUT_MESSAGES, messages(request.history()));
    }
    return GenAi.within(span, () -> {
      ModelReply reply = call.get();
      LanguageModel.Metering metering = reply.metering();
      if (metering != null) {
        if (metering.model() != null) span.setAttribute(GenAi.RESPONSE_MODEL, metering.model());
        if (metering.usage() != null) {
          span.setAttribute(GenAi.INPUT_TOKENS, metering.usage().inputTokens());
          span.setAttribute(GenAi.OUTPUT_TOKENS, metering.usage().outputTokens());
        }
      }
      if (reply instanceof ToolCallsReply) {
        span.setAttribute(GenAi.FINISH_REASONS, List.of("tool_calls"));
      } else if (reply instanceof TextReply text) {
        span.setAttribute(GenAi.FINISH_REASONS, List.of("stop"));
        if (tracing.captureContent())
          span.setAttribute(GenAi.OUTPUT_MESSAGES, "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":"
              + GenAi.quote(text.content()) + "}]}]");
      }
      return reply;
    });
  }

  /** The history as the GenAI conventions' message list (text parts only). */
  private static String messages(List<Message> history) {
    StringBuilder json = new StringBuilder("[");
    for (Message message : history) {
      if (message.content() == null) continue;
      if (json.length() > 1) json.append(',');
      json.append("{\"role\":").append(GenAi.quote(message.role().name().toLowerCase(java.util.Locale.ROOT)))
          .append(",\"parts\":[{\"type\":\"text\",\"content\":").append(GenAi.quote(message.content())).append("}]}");
    }
    return json.append(']').toString();
  }
}
