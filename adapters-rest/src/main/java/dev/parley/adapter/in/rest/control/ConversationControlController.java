package dev.parley.adapter.in.rest.control;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.chat.ChatResponse;
import dev.parley.adapter.in.rest.chat.MessageDto;
import dev.parley.adapter.in.rest.error.Problem;
import dev.parley.application.port.in.CancelTurnUseCase;
import dev.parley.application.port.in.HandBackChatUseCase;
import dev.parley.application.port.in.HandOffChatUseCase;
import dev.parley.application.port.in.PostOperatorMessageUseCase;
import dev.parley.domain.session.Message;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
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

/** Conversation control on a chat (issue 20): stopping its running turn, a person taking it over and giving it back. */
@Controller("/api/v1/chats")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Chats")
@ApiResponse(responseCode = "401", description = "No valid API key", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "400", description = "The body is not valid; field names the place", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "404", description = "No such chat for this tenant", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "429", description = "A rate limit was reached; Retry-After says when to try again", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "503", description = "The database is unavailable for now; Retry-After says when to try again", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
public class ConversationControlController {
  private final CancelTurnUseCase cancelTurn;
  private final HandOffChatUseCase handOff;
  private final HandBackChatUseCase handBack;
  private final PostOperatorMessageUseCase operatorMessages;

  public ConversationControlController(CancelTurnUseCase cancelTurn, HandOffChatUseCase handOff,
                                       HandBackChatUseCase handBack, PostOperatorMessageUseCase operatorMessages) {
    this.cancelTurn = cancelTurn;
    this.handOff = handOff;
    this.handBack = handBack;
    this.operatorMessages = operatorMessages;
  }

  @Post(uris = "/{id}/cancel", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
  @ApiResponse(responseCode = "200", description = "cancelled true when a turn was running: it stopped at its next safe point, "
      + "kept what it had said marked interrupted, and its caller got an answer marked cancelled; false when none was running")
  @Operation(operationId = "cancelTurn", summary = "Stop the turn running on a chat, on whichever instance it runs",
      description = "The chat takes the next message at once. No body is needed.")
  public CancelResponse cancel(HttpRequest<?> request, @PathVariable UUID id) {
    return new CancelResponse(cancelTurn.cancel(Caller.tenant(request), id));
  }

  @Post(uris = "/{id}/handoff", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
  @ApiResponse(responseCode = "200", description = "The chat, now with mode human (also when a person held it already)")
  @ApiResponse(responseCode = "409", description = "The chat has ended, or a turn did not stop in time", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  @Operation(operationId = "handOffChat", summary = "A person takes the chat over (mode human)",
      description = "A running turn is stopped first. The agent stops answering; the user's messages are stored and "
          + "delivered; the chat waits for the person at most parley.control.human-wait of inactivity instead of its TTL. "
          + "The agent's completion webhook gets chat.handoff_requested.")
  public ChatResponse handOff(HttpRequest<?> request, @PathVariable UUID id, @Nullable @Body HandoffRequest body) {
    return ChatResponse.from(handOff.handOff(Caller.tenant(request), id, body == null ? null : body.reason()));
  }

  @Post(uris = "/{id}/handback", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
  @ApiResponse(responseCode = "200", description = "The chat, now with mode agent (also when the agent held it already)")
  @ApiResponse(responseCode = "409", description = "The chat has ended", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  @Operation(operationId = "handBackChat", summary = "Give the chat back to its agent (mode agent)",
      description = "The agent sees the operator's messages in its history as its own turns. The agent's completion "
          + "webhook gets chat.handoff_ended.")
  public ChatResponse handBack(HttpRequest<?> request, @PathVariable UUID id) {
    return ChatResponse.from(handBack.handBack(Caller.tenant(request), id));
  }

  @Post("/{id}/operator-messages")
  @ApiResponse(responseCode = "201", description = "The stored operator message (role operator) and its seq", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperatorMessageResponse.class)))
  @ApiResponse(responseCode = "409", description = "The chat has ended (chat_final) or its agent holds it (not_in_human_mode)", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  @ApiResponse(responseCode = "413", description = "The content is longer than the message limit", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  @Operation(operationId = "postOperatorMessage", summary = "A person writes to the user of a chat they hold",
      description = "Stored with role operator and the operator's name, and delivered live: on webCall as a text frame "
          + "with content.source assistant and content.name the operator's name. Sent with an operator key that has an "
          + "operator, the message carries that operator: operator may then be left out, and one that differs is "
          + "refused (403 operator_mismatch). Any other key names the operator in the body.")
  public HttpResponse<?> operatorMessage(HttpRequest<?> request, @PathVariable UUID id, @Body OperatorMessageRequest body) {
    OperatorMessageRequest.Operator claimed = body.operator();
    Message.Author who = claimed == null ? null : new Message.Author(claimed.id(), claimed.name());
    Message.Author keys = Caller.operator(request).orElse(null);
    if (keys != null) { // the key says who writes; a client naming someone else is refused, not silently corrected
      if (who != null && !who.equals(keys)) return Problem.response(HttpStatus.FORBIDDEN, "operator_mismatch",
          "this API key writes as operator " + keys.name() + "; send no operator, or that one", "/operator");
      who = keys;
    }
    PostOperatorMessageUseCase.Posted posted = operatorMessages.post(Caller.tenant(request), id, body.content(), who);
    return HttpResponse.created(new OperatorMessageResponse(id.toString(), posted.seq(), MessageDto.from(posted.message())));
  }
}
