package dev.parley.adapter.in.rest.chat;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.application.policy.TurnAdmission;
import dev.parley.application.port.in.DecideToolApprovalUseCase;
import dev.parley.application.port.out.OutageDetector;
import dev.parley.application.port.out.TurnListener;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/** Tool approval (issue 20): a person's decision on the tool call a chat's turn paused at, which resumes the turn. */
@Controller("/api/v1/chats")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Chats")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
public class ApprovalController {
  private final DecideToolApprovalUseCase decide;
  private final ExecutorService blocking;
  private final TurnAdmission admission;
  private final OutageDetector outages;

  public ApprovalController(DecideToolApprovalUseCase decide,
                            @jakarta.inject.Named(TaskExecutors.BLOCKING) ExecutorService blocking, TurnAdmission admission,
                            OutageDetector outages) {
    this.admission = admission;
    this.outages = outages;
    this.decide = decide;
    this.blocking = blocking;
  }

  @Post("/{id}/approvals/{approvalId}")
  @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
  @ApiResponse(responseCode = "200", description = "The resumed turn's new messages (the decided call's tool-turn first), as a message turn answers; with Accept: text/event-stream, server-sent events (TurnEventStream)", content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TurnResponse.class)), @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(ref = "#/components/schemas/TurnEventStream"))})
  @ApiResponse(responseCode = "400", description = "decision is not approve or deny, or reason is too long; field names the place", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  @ApiResponse(responseCode = "401", description = "No valid API key", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  @ApiResponse(responseCode = "404", description = "No such chat, or no such approval on it, for this tenant", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  @ApiResponse(responseCode = "409", description = "The approval was already decided (approval_decided) or cancelled (approval_cancelled: the chat ended or the user sent a newer message), the chat ended (chat_final), or a running turn did not finish in time (turn_in_progress)", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  @ApiResponse(responseCode = "429", description = "A rate limit was reached; Retry-After says when to try again", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  @ApiResponse(responseCode = "503", description = "The database is unavailable for now; Retry-After says when to try again", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  @Operation(operationId = "decideApproval", summary = "Approve or deny the tool call a chat's turn paused at",
      description = "A turn that called a tool with requires_approval stopped there and answered pending_approval. "
          + "approve runs the tool; deny tells the model the call was denied (with the reason). The model then goes on, "
          + "and the answer is the resumed turn's, like POST /api/v1/chats/{id}/messages (it may pause again). A decision "
          + "is taken once: a second one answers 409.")
  public HttpResponse<?> decide(HttpRequest<?> request, @PathVariable UUID id, @PathVariable UUID approvalId,
                                @Body DecisionRequest body) {
    DecideToolApprovalUseCase.Decision decision = new DecideToolApprovalUseCase.Decision(Caller.tenant(request), id,
        approvalId, body.decision(), body.reason());
    TurnAdmission.Permit permit = admission.admit(); // the resumed turn is a turn in flight: past the bound, 429 first
    try {
      if (TurnEventStream.requested(request)) {
        decide.precheck(decision); // problems before the stream starts get a plain problem+json answer
        HttpResponse<?> stream = HttpResponse.ok(TurnEventStream.run(blocking, id.toString(), permit, outages,
            listener -> decide.decide(decision, listener))).contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
        permit = null; // the stream gives it back when the turn is over
        return stream;
      }
      return HttpResponse.ok(TurnResponse.from(decide.decide(decision, TurnListener.NONE)));
    } finally {
      if (permit != null) permit.close();
    }
  }
}
