package dev.parley.adapter.in.rest.openai;

import dev.parley.application.port.in.AgentChatResult;
import dev.parley.domain.session.ToolCall;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** OpenAI's chat completion object: one choice, the agent's reply or the client tool calls it made, and the usage. */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(name = "OpenAiChatCompletion")
public record ChatCompletion(String id, @Schema(allowableValues = "chat.completion") String object, long created, String model,
                             List<Choice> choices, Usage usage) {

  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "OpenAiChoice")
  public record Choice(int index, AssistantMessage message,
                       @Schema(allowableValues = {"stop", "tool_calls"}) String finishReason) {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "OpenAiAssistantMessage")
  public record AssistantMessage(@Schema(allowableValues = "assistant") String role,
                                 @Schema(nullable = true) @Nullable String content,
                                 @Schema(nullable = true) @Nullable List<ToolCallOut> toolCalls) {}

  /** A call for the client to run. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "OpenAiToolCallOut")
  public record ToolCallOut(String id, @Schema(allowableValues = "function") String type, FunctionCall function) {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "OpenAiFunctionCallOut")
  public record FunctionCall(String name, @Schema(description = "The arguments as JSON text") String arguments) {}

  /** Tokens of every model call of the run (a scripted agent calls none: zeros). */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "OpenAiUsage")
  public record Usage(long promptTokens, long completionTokens, long totalTokens) {
    static Usage of(dev.parley.domain.session.Usage u) {
      return new Usage(u.inputTokens(), u.outputTokens(), u.inputTokens() + u.outputTokens());
    }
  }

  static ChatCompletion of(String id, long created, String agentId, AgentChatResult result, JsonMapper json) {
    boolean calls = !result.clientCalls().isEmpty();
    AssistantMessage message = new AssistantMessage("assistant", calls ? null : result.reply(),
        calls ? toolCalls(result.clientCalls(), json) : null);
    return new ChatCompletion(id, "chat.completion", created, agentId,
        List.of(new Choice(0, message, finishReason(result))), Usage.of(result.usage()));
  }

  static String finishReason(AgentChatResult result) {
    return result.clientCalls().isEmpty() ? "stop" : "tool_calls";
  }

  static List<ToolCallOut> toolCalls(List<ToolCall> calls, JsonMapper json) {
    return java.util.stream.IntStream.range(0, calls.size())
        .mapToObj(i -> new ToolCallOut(calls.get(i).id(), "function",
            new FunctionCall(calls.get(i).name(), arguments(calls.get(i).arguments(), json)))).toList();
  }

  private static String arguments(Object arguments, JsonMapper json) {
    if (arguments instanceof String s) return s;
    try {
      return json.writeValueAsString(arguments == null ? java.util.Map.of() : arguments);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
