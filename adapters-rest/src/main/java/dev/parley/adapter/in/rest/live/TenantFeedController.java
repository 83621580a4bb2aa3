package dev.parley.adapter.in.rest.live;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.support.Ids;
import dev.parley.application.port.out.ChatEventLog;
import dev.parley.domain.common.InvalidValueException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** Every chat of the tenant followed live (issue 20, decision 0011): one stream for whoever staffs the conversations. */
@Controller("/api/v1/events")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Chats")
@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
public class TenantFeedController {
  /** Longest Last-Event-ID taken: a log id (a bigint). */
  static final int MAX_LAST_EVENT_ID = 19;
  private final TenantFeeds feeds;

  public TenantFeedController(TenantFeeds feeds) {
    this.feeds = feeds;
  }

  @Get
  @Produces(MediaType.TEXT_EVENT_STREAM)
  @ApiResponse(responseCode = "200", description = "The tenant's events as they happen (TenantEventStream)",
      content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(ref = "#/components/schemas/TenantEventStream")))
  @Operation(operationId = "followTenant", summary = "Follow every chat of the tenant live (server-sent events)",
      description = "First a `retry:` line (with the id to resume from), then each new `message`, `turn` step, `mode` change "
          + "and `ended` of the tenant's chats that pass the filters, in one order for the tenant. With Last-Event-ID, first "
          + "the events after it, on whichever instance answers. A comment line every 15 s keeps idle connections open. "
          + "At most `parley.live.max-tenant-streams` (5) streams per tenant per instance; past it 429.")
  public HttpResponse<?> follow(HttpRequest<?> request,
      @Parameter(description = "Only this agent's chats") @Nullable @QueryValue("agent_id") String agentId,
      @Parameter(description = "Only this chat") @Nullable @QueryValue("chat_id") String chatId,
      @Parameter(description = "Only chats of this channel") @Nullable @QueryValue String channel,
      @Parameter(description = "Only events of chats held by this side when they happened", schema = @Schema(allowableValues = {"agent", "human"}))
      @Nullable @QueryValue String mode,
      @Parameter(description = "`final`: only endings; `active`: all but endings", schema = @Schema(allowableValues = {"active", "final"}))
      @Nullable @QueryValue String status,
      @Parameter(description = "Only these event types, comma-separated: message, turn, mode, ended") @Nullable @QueryValue String types,
      @Parameter(in = ParameterIn.HEADER, name = "Last-Event-ID", schema = @Schema(maxLength = MAX_LAST_EVENT_ID))
      @Nullable @Header("Last-Event-ID") String lastEventId) {
    ChatEventLog.Filter filter = new ChatEventLog.Filter(Ids.parse("agent_id", agentId), Ids.parse("chat_id", chatId),
        blankToNull(channel), oneOf("mode", mode, "agent", "human"), oneOf("status", status, "active", "final"), typesOf(types));
    return feeds.respond(feeds.open(Caller.tenant(request), filter, lastId(lastEventId)));
  }

  /** The id in a Last-Event-ID; none: null (from now on). */
  static Long lastId(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) return null;
    return FeedRegistry.lastEventNumber(lastEventId, "", MAX_LAST_EVENT_ID, 0, "an event id of this stream");
  }

  private static String oneOf(String field, String value, String... allowed) {
    if (value == null || value.isBlank()) return null;
    if (!Arrays.asList(allowed).contains(value)) throw new InvalidValueException(field, field + " must be one of " + String.join(", ", allowed));
    return value;
  }

  private static Set<String> typesOf(String types) {
    if (types == null || types.isBlank()) return null;
    Set<String> out = new LinkedHashSet<>();
    for (String t : types.split(",")) if (!t.isBlank()) out.add(t.trim());
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
