package dev.parley.adapter.in.rest.aisdk;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * Body of POST /api/v1/ai-sdk/chat: what the AI SDK's {@code DefaultChatTransport} sends, by its own camelCase names
 * (documented as {@code AiSdkChatBody} in openapi/components.yml). Only the last message is read (the history is
 * Parley's chat): a user message's text parts, or an assistant message carrying the outputs of client tools.
 */
@Serdeable
public record AiSdkChatRequest(@Nullable String id, @Nullable List<UiMessage> messages, @Nullable String trigger,
                               @Nullable String messageId, @JsonProperty("agent_id") @Nullable String agentId) {

  /** One UI message; parts are kept loose since the AI SDK adds part types over time. */
  @Serdeable
  public record UiMessage(@Nullable String id, @Nullable String role, @Nullable List<Map<String, Object>> parts) {}
}
