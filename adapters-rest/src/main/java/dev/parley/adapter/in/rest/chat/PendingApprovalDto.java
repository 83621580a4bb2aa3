package dev.parley.adapter.in.rest.chat;

import dev.parley.domain.session.ToolApproval;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;

/** A tool call the chat's turn paused at, waiting for a person's decision (POST .../approvals/{id}). */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(nullable = true, description = "A tool call that waits for a person's decision; decide with POST /api/v1/chats/{id}/approvals/{approval_id}")
public record PendingApprovalDto(
    @Schema(description = "The approval's id (the approval_id of the decision route)", format = "uuid") String id,
    @Schema(description = "The tool the model called (for an MCP tool, <server>__<tool>)") String tool,
    @Schema(description = "The arguments the model called it with (any JSON value)") @Nullable Object arguments) {

  public static PendingApprovalDto from(ToolApproval approval) {
    return approval == null ? null
        : new PendingApprovalDto(approval.id().toString(), approval.call().name(), approval.call().arguments());
  }
}
