package dev.parley.adapter.in.rest.chat;

import io.swagger.v3.oas.annotations.media.Schema;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.Map;

/** Body of POST /api/v1/chats: seed 01's fields and seed 04's, all optional. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record OpenChatRequest(
    @Nullable String agentId, @Nullable String channel, @Schema(ref = "#/components/schemas/ExternalId") @Nullable Object externalId, @Nullable Integer ttlSeconds,
    @Schema(description = "Any JSON values by name", additionalProperties = Schema.AdditionalPropertiesValue.TRUE) @Nullable Map<String, Object> additionalData, @Nullable String userId, @Nullable String title,
    @Schema(description = "Any JSON values by name", additionalProperties = Schema.AdditionalPropertiesValue.TRUE) @Nullable Map<String, Object> metadata) {}
