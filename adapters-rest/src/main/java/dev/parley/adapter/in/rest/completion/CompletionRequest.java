package dev.parley.adapter.in.rest.completion;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.parley.adapter.in.rest.agent.AgentDocumentDto;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Body of POST /api/v1/text-chat/completion (seed 03): agent, the client-owned history, the previous state. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record CompletionRequest(@Nullable AgentRef agent, @Nullable List<InputMessage> messages, @Nullable String state,
                                @Schema(description = "Any JSON values by name", additionalProperties = Schema.AdditionalPropertiesValue.TRUE) @Nullable Map<String, Object> additionalData, @Nullable Boolean finish) {

  /**
   * The agent: {@code {"id": ...}} for a stored one, or an inline agent document (the one POST /api/v1/agents
   * takes), given in place or under {@code config}. Like that document, it refuses fields it does not know.
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  @Schema(nullable = true)
  public record AgentRef(@Nullable String id, @Nullable AgentDocumentDto config,
                         @Nullable @JsonUnwrapped AgentDocumentDto inline) {}

  /** A history message as the client sends it back: seed 01's message, with every field optional but role. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record InputMessage(@Nullable String role, @Nullable String content, @Nullable List<InputToolCall> toolCalls,
                             @Nullable Instant time,
                             @Schema(description = "As the answer gave it; accepted back and not part of the history check") @Nullable dev.parley.adapter.in.rest.chat.UsageDto usage,
                             @Schema(description = "As the answer gave it; accepted back and not part of the history check") @Nullable String model) {}

  /** A tool call of an earlier assistant tool-turn, echoed back as it was answered. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record InputToolCall(@Nullable String id, @Nullable String name, @Nullable Object arguments, @Nullable Object response) {}
}
