package dev.parley.adapter.in.rest.user;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.support.StandardProblemResponses;
import dev.parley.application.port.in.EraseUserUseCase;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The end users of the multi-tenant API (the {@code user_id} chats carry): erasure of everything of one user. */
@Controller("/api/v1/users")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Users")
@StandardProblemResponses
public class UserController {
  private final EraseUserUseCase eraseUser;

  public UserController(EraseUserUseCase eraseUser) {
    this.eraseUser = eraseUser;
  }

  @Delete("/{userId}")
  @Operation(operationId = "eraseUser", summary = "Erase an end user: every chat with this user_id, at once",
      description = "Transcripts, activity, analysis, web chat frames, webhook deliveries and stored Idempotency-Key "
          + "answers of every chat of the user are erased, and the user record. An audit record is kept: when, by which "
          + "API key, how many chats, and a SHA-256 of the user id (never the id itself nor any text). All or nothing: 409 "
          + "while a turn runs on one of the chats. 204 also when the user has nothing left to erase.")
  @ApiResponse(responseCode = "204", description = "Erased")
  @ApiResponse(responseCode = "409", description = "A turn is running on one of the user's chats; nothing was erased",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  public HttpResponse<?> erase(HttpRequest<?> request, @PathVariable String userId) {
    eraseUser.erase(Caller.tenant(request), userId, Caller.keyId(request));
    return HttpResponse.noContent();
  }
}
