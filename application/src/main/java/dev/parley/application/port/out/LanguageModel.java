package dev.parley.application.port.out;

import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import java.util.List;
import java.util.Map;

/** Outbound port: a language model provider (scripted, OpenAI-compatible...) chosen by the agent's model settings. */
public interface LanguageModel {

  /**
   * What the model sees for one round: the rendered system prompt, the history, the template variables, where
   * to report template variables a provider rendered empty (they go to the activity log), and the route: which
   * provider connections to ask, in order ({@link ModelRoute#NONE} for a scripted agent).
   */
  record ModelRequest(AgentDefinition agent, String systemPrompt, List<Message> history, Map<String, Object> variables,
                      java.util.function.Consumer<String> unknownVariables, ModelRoute route) {
    public ModelRequest {
      route = route == null ? ModelRoute.NONE : route;
    }

    public ModelRequest(AgentDefinition agent, String systemPrompt, List<Message> history, Map<String, Object> variables,
                        java.util.function.Consumer<String> unknownVariables) {
      this(agent, systemPrompt, history, variables, unknownVariables, ModelRoute.NONE);
    }

    public ModelRequest(AgentDefinition agent, String systemPrompt, List<Message> history, Map<String, Object> variables) {
      this(agent, systemPrompt, history, variables, name -> {});
    }

    /** The same request sent along another route (one target of a fallback chain). */
    public ModelRequest withRoute(ModelRoute other) {
      return new ModelRequest(agent, systemPrompt, history, variables, unknownVariables, other);
    }
  }

  /** The model's answer for one round, and who answered at what cost (null when nobody metered it: scripted). */
  sealed interface ModelReply {
    Metering metering();

    ModelReply withMetering(Metering metering);
  }

  /** Which connection and model answered a call, and the tokens it used (null when the provider did not say). */
  record Metering(String provider, String model, dev.parley.domain.session.Usage usage) {}

  /** Call these tools, then ask again. */
  record ToolCallsReply(List<ToolCall> calls, Metering metering) implements ModelReply {
    public ToolCallsReply(List<ToolCall> calls) {
      this(calls, null);
    }

    @Override
    public ToolCallsReply withMetering(Metering m) {
      return new ToolCallsReply(calls, m);
    }
  }

  /** Say this; {@code finish} ends the conversation with reason agent_finish. */
  record TextReply(String content, boolean finish, Metering metering) implements ModelReply {
    public TextReply(String content, boolean finish) {
      this(content, finish, null);
    }

    @Override
    public TextReply withMetering(Metering m) {
      return new TextReply(content, finish, m);
    }
  }

  ModelReply complete(ModelRequest request);

  /** Streams a text reply in pieces to {@code sink}; the default sends the whole reply as one piece. */
  default ModelReply stream(ModelRequest request, java.util.function.Consumer<String> sink) {
    ModelReply reply = complete(request);
    if (reply instanceof TextReply text && !text.content().isEmpty()) sink.accept(text.content());
    return reply;
  }

  /**
   * A post-call analysis: its result (an {@code error} entry when it failed) and every model call that answered on the
   * way, each with who answered and what it used, to be booked in the usage ledger (a call that answered something
   * unusable still used tokens). Scripted analyses call no model: no calls.
   */
  record Analysis(Map<String, Object> result, List<Metering> calls) {
    public Analysis {
      calls = calls == null ? List.of() : calls.stream().filter(java.util.Objects::nonNull).toList();
    }

    /** An analysis that called no model. */
    public static Analysis of(Map<String, Object> result) {
      return new Analysis(result, List.of());
    }

    public boolean failed() {
      return result.containsKey("error");
    }
  }

  /** Post-call analysis: a summary and the agent's extraction fields, asked along {@code route}. */
  Analysis analyze(AgentDefinition agent, ModelRoute route, List<Message> transcript, String finalReason);

  /** Problems with an agent definition that only the provider can see (for example, patterns that do not compile). */
  List<String> validate(AgentDefinition agent);

  /** Thrown when the provider cannot answer (after its retries). */
  final class ModelUnavailableException extends RuntimeException {
    public ModelUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
