package dev.parley.adapter.in.rest.chat;

import io.swagger.v3.oas.annotations.media.Schema;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.Map;

/** Body of POST /api/v1/chats/{id}/messages: one user turn. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record SubmitMessageRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = false, minLength = 1, description = "The user's message", example = "Hello, where is my order?") @Nullable String content, @Nullable String idempotencyKey,
                                   @Schema(description = "Any JSON values by name", additionalProperties = Schema.AdditionalPropertiesValue.TRUE) @Nullable Map<String, Object> additionalData,
    @Schema(description = "While another turn runs on the chat: enqueue (wait), reject (409 conversation_busy) or interrupt (stop it, then run); overrides the agent's busy_policy", allowableValues = {"enqueue", "reject", "interrupt"}) @Nullable String onBusy) {}
