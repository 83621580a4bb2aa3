package dev.parley.adapter.in.rest.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of POST /api/v1/chats/{id}/handoff (optional). */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
@Schema(nullable = true)
public record HandoffRequest(@Schema(description = "Why a person takes over (kept in the activity log), at most 2000 characters") @Nullable String reason) {}
