package dev.parley.adapter.in.rest.live;

import dev.parley.adapter.in.rest.auth.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;

/** A chat followed live (issue 20, human takeover): its messages, mode changes and ending as server-sent events. */
@Controller("/api/v1/chats")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Chats")
@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
@ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
public class LiveFeedController {
  /** Longest Last-Event-ID taken: a chat id, a colon and a sequence number. */
  static final int MAX_LAST_EVENT_ID = 64;
  private final LiveFeeds feeds;

  public LiveFeedController(LiveFeeds feeds) {
    this.feeds = feeds;
  }

  @Get("/{id}/events")
  @Produces(MediaType.TEXT_EVENT_STREAM)
  @ApiResponse(responseCode = "200", description = "The chat's events as they happen (ChatEventStream)",
      content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(ref = "#/components/schemas/ChatEventStream")))
  @Operation(operationId = "followChat", summary = "Follow a chat live (server-sent events)", description = "First a `retry:` "
      + "line, then the transcript's messages (or, with Last-Event-ID, only those after it), then each new `message`, `mode` "
      + "change, each `turn` step of the agent (live only: not replayed on resume) and the `ended` event, after which the "
      + "stream closes. A comment line every 15 s keeps idle connections open. "
      + "Event ids are `<chat_id>:<seq>`; send the last one back as Last-Event-ID to resume. Events written on any server "
      + "instance arrive.")
  public HttpResponse<?> follow(HttpRequest<?> request, @PathVariable UUID id,
      @Parameter(in = ParameterIn.HEADER, name = "Last-Event-ID", schema = @Schema(maxLength = MAX_LAST_EVENT_ID))
      @Nullable @Header("Last-Event-ID") String lastEventId) {
    return feeds.respond(feeds.open(Caller.tenant(request), id, lastSeq(id, lastEventId)));
  }

  /** The sequence number in a Last-Event-ID of this chat; none: -1 (the whole transcript). */
  static long lastSeq(UUID chatId, String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) return -1;
    return FeedRegistry.lastEventNumber(lastEventId, chatId + ":", MAX_LAST_EVENT_ID, -1, "an event id of this chat's stream");
  }
}
