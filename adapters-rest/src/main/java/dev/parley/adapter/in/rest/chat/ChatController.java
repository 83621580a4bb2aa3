package dev.parley.adapter.in.rest.chat;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.support.IdempotentRequests;
import dev.parley.adapter.in.rest.support.Ids;
import dev.parley.adapter.in.rest.support.StandardProblemResponses;
import dev.parley.application.port.in.DeleteChatSessionUseCase;
import dev.parley.application.port.in.EndChatSessionUseCase;
import dev.parley.application.port.in.GetChatActivityUseCase;
import dev.parley.application.port.in.GetChatAnalysisUseCase;
import dev.parley.application.port.in.GetChatSessionUseCase;
import dev.parley.application.port.in.ListChatMessagesUseCase;
import dev.parley.application.port.in.ListChatSessionsUseCase;
import dev.parley.application.port.in.OpenChatCommand;
import dev.parley.application.port.in.OpenChatResult;
import dev.parley.application.port.in.OpenChatSessionUseCase;
import dev.parley.application.port.in.SubmitTurnCommand;
import dev.parley.application.port.in.SubmitUserTurnUseCase;
import dev.parley.application.policy.TurnAdmission;
import dev.parley.application.port.out.ChatPage;
import dev.parley.application.port.out.ChatQuery;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.FinalReason;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Stateful chat sessions (seeds 01, 02, 04 and the hosted system's reference). */
@Controller("/api/v1/chats")
@ExecuteOn(TaskExecutors.BLOCKING)
@io.micronaut.http.annotation.Consumes(io.micronaut.http.MediaType.APPLICATION_JSON)
@Tag(name = "Chats")
@StandardProblemResponses
public class ChatController {
  private final OpenChatSessionUseCase openChat;
  private final GetChatSessionUseCase getChat;
  private final ListChatSessionsUseCase listChats;
  private final SubmitUserTurnUseCase submitTurn;
  private final EndChatSessionUseCase endChat;
  private final GetChatActivityUseCase activity;
  private final GetChatAnalysisUseCase analysis;
  private final IdempotentRequests idempotent;
  private final DeleteChatSessionUseCase deleteChat;
  private final ListChatMessagesUseCase listMessages;
  private final java.util.concurrent.ExecutorService blocking;
  private final dev.parley.application.port.in.GetUsageUseCase usage;
  private final dev.parley.application.port.in.GetPendingApprovalUseCase pendingApproval;
  private final TurnAdmission admission;
  private final dev.parley.application.port.out.OutageDetector outages;

  public ChatController(OpenChatSessionUseCase openChat, GetChatSessionUseCase getChat, ListChatSessionsUseCase listChats,
                        SubmitUserTurnUseCase submitTurn, EndChatSessionUseCase endChat, GetChatActivityUseCase activity,
                        GetChatAnalysisUseCase analysis, IdempotentRequests idempotent, DeleteChatSessionUseCase deleteChat,
                        ListChatMessagesUseCase listMessages,
                        @jakarta.inject.Named(TaskExecutors.BLOCKING) java.util.concurrent.ExecutorService blocking,
                        dev.parley.application.port.in.GetUsageUseCase usage,
                        dev.parley.application.port.in.GetPendingApprovalUseCase pendingApproval, TurnAdmission admission,
                        dev.parley.application.port.out.OutageDetector outages) {
    this.pendingApproval = pendingApproval;
    this.usage = usage;
    this.outages = outages;
    this.admission = admission;
    this.deleteChat = deleteChat;
    this.listMessages = listMessages;
    this.blocking = blocking;
    this.openChat = openChat;
    this.getChat = getChat;
    this.listChats = listChats;
    this.submitTurn = submitTurn;
    this.endChat = endChat;
    this.activity = activity;
    this.analysis = analysis;
    this.idempotent = idempotent;
  }

  @Post(uris = {"", "/"})
  @ApiResponse(responseCode = "201", description = "A new session", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChatResponse.class)))
  @ApiResponse(responseCode = "200", description = "The endpoint's active session (or the replay of an Idempotency-Key)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChatResponse.class)))
  @Operation(operationId = "openChat", summary = "Open a chat session", description = "201 for a new session; 200 with the endpoint's active session.")
  public HttpResponse<?> open(HttpRequest<?> request, @Body OpenChatRequest body) {
    UUID tenant = Caller.tenant(request);
    return idempotent.runForChat(request, tenant, body, answer -> UUID.fromString(((ChatResponse) answer).id()), () -> {
      OpenChatResult result = openChat.open(new OpenChatCommand(tenant, Ids.parse("agent_id", body.agentId()),
          body.channel(), body.externalId(), body.ttlSeconds(), body.additionalData(), body.userId(), body.title(),
          body.metadata()));
      ChatResponse chat = ChatResponse.from(result.session());
      MutableHttpResponse<ChatResponse> response = result.created() ? HttpResponse.created(chat) : HttpResponse.ok(chat);
      return response.headers(h -> h.location(URI.create("/api/v1/chats/" + chat.id())));
    });
  }

  @Get("/{id}")
  @ApiResponse(responseCode = "200", description = "The session with its transcript")
  @Operation(operationId = "getChat", summary = "Retrieve a session with its transcript")
  public ChatResponse get(HttpRequest<?> request, @PathVariable UUID id) {
    UUID tenant = Caller.tenant(request);
    return ChatResponse.from(getChat.get(tenant, id)).withTotals(usage.ofChat(tenant, id), usage.currency(tenant))
        .withPendingApproval(pendingApproval.pending(tenant, id).orElse(null));
  }

  @Get
  @ApiResponse(responseCode = "200", description = "A page of sessions")
  @Operation(operationId = "listChats", summary = "List sessions, newest activity first")
  public ChatListResponse list(HttpRequest<?> request,
                               @io.swagger.v3.oas.annotations.Parameter(description = "active (default), final or all", schema = @Schema(allowableValues = {"active", "final", "all"})) @Nullable @QueryValue String state, @Nullable @QueryValue String status,
                               @Nullable @QueryValue("agent_id") String agentId, @Nullable @QueryValue String channel,
                               @Nullable @QueryValue("user_id") String userId,
                               @io.swagger.v3.oas.annotations.Parameter(description = "Only chats the agent answers (agent) or a person took over (human)", schema = @Schema(allowableValues = {"agent", "human"})) @Nullable @QueryValue String mode,
                               @Nullable @QueryValue("updated_after") String updatedAfter,
                               @io.swagger.v3.oas.annotations.Parameter(schema = @Schema(minimum = "0")) @Nullable @QueryValue Integer skip,
                               @io.swagger.v3.oas.annotations.Parameter(schema = @Schema(minimum = "1", maximum = "200")) @Nullable @QueryValue Integer take,
                               @Nullable @QueryValue("include_messages") String includeMessages) {
    String lifecycle = state != null ? state : status != null ? status : "active";
    int s = skip == null ? 0 : skip;
    int t = take == null ? ListChatSessionsUseCase.DEFAULT_TAKE : take;
    boolean withMessages = includeMessages == null || flag("include_messages", includeMessages);
    ChatPage page = listChats.list(new ChatQuery(Caller.tenant(request), lifecycle, Ids.parse("agent_id", agentId),
        blankToNull(channel), blankToNull(userId), instant(updatedAfter), s, t, withMessages).withMode(mode(mode)));
    return new ChatListResponse(page.items().stream().map(c -> ChatResponse.from(c, withMessages)).toList(),
        page.totalCount(), s, t);
  }

  @Post("/{id}/messages")
  @io.micronaut.http.annotation.Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
  @ApiResponse(responseCode = "200", description = "The turn's new messages; with Accept: text/event-stream, server-sent events (TurnEventStream: each event's data schema by event name)", content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TurnResponse.class)), @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(ref = "#/components/schemas/TurnEventStream"))})
  @Operation(operationId = "sendMessage", summary = "Submit one user turn", description = "Runs the agent and answers only the new messages. "
      + "With Accept: text/event-stream the turn streams as server-sent events, each event's data one line of JSON: "
      + "`tool_call` (TurnToolCallEvent) and `tool_result` (TurnToolResultEvent) for each tool step, `delta` (TurnDeltaEvent) "
      + "as the reply is written, `pending_approval` (TurnPendingApprovalEvent) when the turn paused at a tool that requires "
      + "approval, then `turn` (TurnResponse) or `error` (Problem), and last an unnamed event with data `[DONE]`. "
      + "Problems found before the stream starts are answered as application/problem+json.")
  public HttpResponse<?> submit(HttpRequest<?> request, @PathVariable UUID id, @Body SubmitMessageRequest body) {
    UUID tenant = Caller.tenant(request);
    String turnKey = body.idempotencyKey() != null ? body.idempotencyKey() : IdempotentRequests.turnKey(request);
    SubmitTurnCommand command = new SubmitTurnCommand(tenant, id, body.content(), turnKey, body.additionalData(), body.onBusy());
    TurnAdmission.Permit permit = admission.admit(); // past the bound: 429 before any work
    try {
      if (TurnEventStream.requested(request)) {
        submitTurn.precheck(command); // problems before the stream starts get a plain problem+json answer
        HttpResponse<?> stream = HttpResponse.ok(TurnEventStream.run(blocking, id.toString(), permit, outages,
            listener -> submitTurn.submit(command, null, listener))).contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
        permit = null; // the stream gives it back when the turn is over
        return stream;
      }
      return idempotent.runForChat(request, tenant, body, answer -> id, () -> HttpResponse.ok(TurnResponse.from(submitTurn.submit(command))));
    } finally {
      if (permit != null) permit.close();
    }
  }

  @Get("/{id}/messages")
  @ApiResponse(responseCode = "200", description = "A page of the transcript")
  @Operation(operationId = "listMessages", summary = "A page of the transcript (offset, limit, order asc|desc)")
  public MessagePageResponse messages(HttpRequest<?> request, @PathVariable UUID id, @Nullable @QueryValue Integer offset,
                                      @Nullable @QueryValue Integer limit, @Nullable @QueryValue String order) {
    int o = offset == null ? 0 : offset;
    int l = limit == null ? 50 : limit;
    String direction = order == null ? "asc" : order.toLowerCase(java.util.Locale.ROOT);
    if (!direction.equals("asc") && !direction.equals("desc")) throw new InvalidValueException("order", "order must be asc or desc");
    ListChatMessagesUseCase.Page page = listMessages.list(Caller.tenant(request), id, o, l, direction.equals("desc"));
    return MessagePageResponse.from(id.toString(), page, o, l, direction);
  }

  @Get("/user/{userId}")
  @ApiResponse(responseCode = "200", description = "The user's sessions")
  @Operation(operationId = "listUserChats", summary = "A user's chats, newest activity first (the multi-tenant vendor's listing)")
  public java.util.List<ChatResponse> byUser(HttpRequest<?> request, @PathVariable String userId,
                                             @Nullable @QueryValue Integer skip, @Nullable @QueryValue Integer take) {
    ChatPage page = listChats.list(new ChatQuery(Caller.tenant(request), "all", null, null, userId, null,
        skip == null ? 0 : skip, take == null ? ListChatSessionsUseCase.MAX_TAKE : take, true));
    return page.items().stream().map(ChatResponse::from).toList();
  }

  @io.micronaut.http.annotation.Delete("/{id}")
  @ApiResponse(responseCode = "204", description = "Erased")
  @Operation(operationId = "eraseChat", summary = "Erase a chat: transcript and personal data removed, an audit record kept; 409 while a turn runs")
  public HttpResponse<?> delete(HttpRequest<?> request, @PathVariable UUID id) {
    deleteChat.delete(Caller.tenant(request), id, Caller.keyId(request));
    return HttpResponse.noContent();
  }

  @Post("/{id}/end")
  @ApiResponse(responseCode = "200", description = "The ended session (also when it had ended before)")
  @Operation(operationId = "endChat", summary = "End a session (reason user_end); idempotent")
  public ChatResponse end(HttpRequest<?> request, @PathVariable UUID id, @Nullable @Body EndChatRequest body) {
    return ChatResponse.from(endChat.end(Caller.tenant(request), id, FinalReason.USER_END, body == null ? null : body.note()));
  }

  @Get("/{id}/activity")
  @ApiResponse(responseCode = "200", description = "The session's activity log")
  @Operation(operationId = "listActivity", summary = "The activity log of a session")
  public ActivityResponse activity(HttpRequest<?> request, @PathVariable UUID id) {
    return ActivityResponse.from(id.toString(), activity.list(Caller.tenant(request), id));
  }

  @Get("/{id}/analysis")
  @ApiResponse(responseCode = "200", description = "The analysis fields (any JSON values by name)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)))
  @Operation(operationId = "getAnalysis", summary = "The post-call analysis of a finished chat (404 until it has run)")
  public java.util.Map<String, Object> analysis(HttpRequest<?> request, @PathVariable UUID id) {
    return analysis.get(Caller.tenant(request), id)
        .orElseThrow(() -> new dev.parley.application.error.NotFoundException("analysis of chat", id));
  }

  /** true or false only: the framework's own conversion reads any other word as false. */
  private static boolean flag(String name, String value) {
    if (value.equals("true")) return true;
    if (value.equals("false")) return false;
    throw new InvalidValueException(name, name + " must be true or false");
  }

  /** The mode filter: agent, human, or none (null or blank). */
  private static String mode(String value) {
    if (value == null || value.isBlank()) return null;
    if (value.equals("agent") || value.equals("human")) return value;
    throw new InvalidValueException("mode", "mode must be agent or human");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Instant instant(String value) {
    if (value == null || value.isBlank()) return null;
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e2) {
        throw new InvalidValueException("updated_after", "updated_after must be an ISO-8601 date-time");
      }
    }
  }

}
