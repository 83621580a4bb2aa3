package dev.parley.adapter.in.rest.openai;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * Body of POST /api/v1/openai/chat/completions: OpenAI's chat completion request. {@code model} is the agent id. The
 * agent's own settings decide sampling, so the request's (temperature, max_tokens, n...) are accepted and ignored,
 * like any other field this facade does not use.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(name = "OpenAiChatCompletionRequest")
public record ChatCompletionRequest(
    @Schema(description = "The id of the agent to run (GET /api/v1/openai/models lists them)") @Nullable String model,
    @Schema(description = "The whole conversation: system/developer, user, assistant (with tool_calls) and tool messages, "
        + "ending with a user message or the tool messages answering the last assistant's tool_calls") @Nullable List<InputMessage> messages,
    @Schema(description = "true: answer chat.completion.chunk server-sent events ending with data: [DONE]") @Nullable Boolean stream,
    @Nullable StreamOptions streamOptions,
    @Schema(description = "Client tools offered to the agent for this request; a call to one is answered as tool_calls "
        + "for the client to run") @Nullable List<Tool> tools) {

  /** One message of the conversation as an OpenAI client sends it. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "OpenAiInputMessage")
  public record InputMessage(
      @Schema(description = "system, developer, user, assistant or tool") @Nullable String role,
      @Schema(ref = "#/components/schemas/OpenAiMessageContent") @Nullable Object content,
      @Nullable List<ToolCall> toolCalls,
      @Schema(description = "On a tool message: the id of the tool call it answers") @Nullable String toolCallId,
      @Nullable String name) {}

  /** A function call of an earlier assistant message, sent back as the answer gave it. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "OpenAiToolCall")
  public record ToolCall(@Nullable String id, @Nullable String type, @Nullable Function function) {}

  /** {@code arguments} is JSON text, as OpenAI writes it. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "OpenAiFunctionCall")
  public record Function(@Nullable String name, @Nullable String arguments) {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "OpenAiStreamOptions")
  public record StreamOptions(@Schema(description = "true: a last chunk with empty choices carries the usage")
                              @Nullable Boolean includeUsage) {}

  /** A client tool: {@code {"type": "function", "function": {"name", "description", "parameters"}}}. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "OpenAiTool")
  public record Tool(@Nullable String type, @Nullable FunctionDefinition function) {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "OpenAiFunctionDefinition")
  public record FunctionDefinition(@Nullable String name, @Nullable String description,
                                   @Schema(description = "JSON Schema of the arguments", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
                                   @Nullable Map<String, Object> parameters) {}
}
