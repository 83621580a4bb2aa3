package dev.parley.adapter.in.rest.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of POST /api/v1/chats/{id}/operator-messages. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record OperatorMessageRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The operator's message to the user") @Nullable String content,
    @Schema(description = "Who writes; required unless the API key is an operator key with an operator (then that one, or none)") @Nullable Operator operator) {

  /** Who writes: the integrator's id for the person (optional) and the name the user sees (at most 200 characters each). */
  @Serdeable
  @JsonIgnoreProperties(ignoreUnknown = false)
  @Schema(nullable = true)
  public record Operator(@Nullable String id, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String name) {}
}
