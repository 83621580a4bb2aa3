package dev.parley.adapter.in.rest.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** A person's decision on a paused tool call. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record DecisionRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = false, allowableValues = {"approve", "deny"},
        description = "approve: the tool runs; deny: the model is told the call was denied (with the reason)") @Nullable String decision,
    @Schema(description = "Why; a denial's reason is given to the model. At most 2,000 characters", maxLength = 2000) @Nullable String reason) {}
