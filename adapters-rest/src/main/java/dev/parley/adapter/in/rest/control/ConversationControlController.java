package dev.parley.adapter.in.rest.control;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.application.control.CancelTurn;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;

/** Conversation control on a chat (issue 20): stopping its running turn. */
@Controller("/api/v1/chats")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Chats")
@ApiResponse(responseCode = "401", description = "No valid API key", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "404", description = "No such chat for this tenant", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "429", description = "A rate limit was reached; Retry-After says when to try again", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "503", description = "The database is unavailable for now; Retry-After says when to try again", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
public class ConversationControlController {
  private final CancelTurn cancelTurn;

  public ConversationControlController(CancelTurn cancelTurn) {
    this.cancelTurn = cancelTurn;
  }

  @Post(uris = "/{id}/cancel", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
  @ApiResponse(responseCode = "200", description = "cancelled true when a turn was running: it stopped at its next safe point, "
      + "kept what it had said marked interrupted, and its caller got an answer marked cancelled; false when none was running")
  @Operation(operationId = "cancelTurn", summary = "Stop the turn running on a chat, on whichever instance it runs",
      description = "The chat takes the next message at once. No body is needed.")
  public CancelResponse cancel(HttpRequest<?> request, @PathVariable UUID id) {
    return new CancelResponse(cancelTurn.cancel(Caller.tenant(request), id));
  }
}
