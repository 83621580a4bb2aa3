package dev.parley.adapter.in.rest.chat;

import dev.parley.application.port.in.TurnResult;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * Answer to a user turn: only the new messages, tool-turns first, and the post-turn status; {@code final_reason}
 * says why the chat ended when the turn ended it (null while it is active); {@code cancelled}: the turn was stopped
 * (cancelled, or interrupted by a newer message) and has no full reply (what it had said is marked interrupted);
 * {@code pending_approval}: the turn paused at a tool call that waits for a person's decision.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record TurnResponse(List<MessageDto> messages, boolean isFinal, String status, String chatId,
                           @Nullable String finalReason, boolean cancelled,
                           @io.swagger.v3.oas.annotations.media.Schema(description = "The sum of the usage of the turn's model calls (null: no model was called)") @Nullable UsageDto usage,
                           @io.swagger.v3.oas.annotations.media.Schema(description = "The model that wrote the turn's last model message") @Nullable String model,
                           @io.swagger.v3.oas.annotations.media.Schema(description = "The turn stopped at a call of a tool that requires approval: "
                               + "it runs (or the model is told it was denied) once decided with POST /api/v1/chats/{id}/approvals/{approval_id}; null otherwise") @Nullable PendingApprovalDto pendingApproval) {
  public static TurnResponse from(TurnResult r) {
    return new TurnResponse(MessageDto.from(r.messages()), r.isFinal(), r.status(), r.chatId().toString(), r.finalReason(),
        r.cancelled(), UsageDto.sum(r.messages()), UsageDto.lastModel(r.messages()), PendingApprovalDto.from(r.pendingApproval()));
  }
}
