package dev.parley.adapter.in.rest.aisdk;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * Body of POST /api/v1/ai-sdk/chat: what the AI SDK's {@code DefaultChatTransport} sends. Only the last message is
 * read (the history is Parley's chat): a user message's text parts, or an assistant message carrying the outputs of
 * client tools the previous answer asked for.
 */
@Serdeable
@Schema(name = "AiSdkChatRequest")
public record AiSdkChatRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 128, description = "The useChat id: names the Parley chat (channel ai-sdk)") @Nullable String id,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The client's messages; only the last is read") @Nullable List<UiMessage> messages,
    @Schema(allowableValues = {"submit-message", "regenerate-message"}, description = "submit-message (default) or regenerate-message (the last user message is sent again as a new turn)") @Nullable String trigger,
    @JsonProperty("messageId") @Schema(name = "messageId", description = "The message to regenerate (regenerate-message)") @Nullable String messageId,
    @JsonProperty("agent_id") @Schema(description = "API keys only: the agent of a new chat (default: the tenant's default agent)", format = "uuid") @Nullable String agentId) {

  /** One UI message; parts are kept loose since the AI SDK adds part types over time. */
  @Serdeable
  @Schema(name = "AiSdkUiMessage")
  public record UiMessage(
      @Nullable String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"system", "user", "assistant"}) @Nullable String role,
      @io.swagger.v3.oas.annotations.media.ArraySchema(arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED),
          schema = @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE, description = "text parts ({type: text, text}) of a user message; tool parts ({type: tool-<name>, toolCallId, state: output-available, output}) of an assistant message answering client tools"))
      @Nullable List<Map<String, Object>> parts) {}
}
