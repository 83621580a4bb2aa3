package dev.parley.adapter.in.rest.aisdk;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.error.Problem;
import dev.parley.adapter.in.rest.support.Ids;
import dev.parley.application.error.WebChatRefusedException;
import dev.parley.application.policy.WebTokens;
import dev.parley.application.port.in.AuthenticateWebTokenUseCase;
import dev.parley.application.policy.TurnAdmission;
import dev.parley.application.port.in.CancelTurnUseCase;
import dev.parley.application.port.in.DecideToolApprovalUseCase;
import dev.parley.application.port.in.GetAgentUseCase;
import dev.parley.application.port.in.OpenAiSdkChatUseCase;
import dev.parley.application.port.in.OpenAiSdkChatUseCase.AiSdkChat;
import dev.parley.application.port.in.SubmitTurnCommand;
import dev.parley.application.port.in.SubmitUserTurnUseCase;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.webchat.WebIntegration;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Post;
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
import jakarta.inject.Named;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Vercel AI SDK's chat endpoint (issue 22): a {@code useChat} front end (DefaultChatTransport) talks to a Parley
 * agent and gets the UI message stream. Browsers bring a web integration token, servers an API key.
 */
@Controller("/api/v1/ai-sdk")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "AI SDK")
public class AiSdkChatController {
  static final String SECRET_HEADER = "x-parley-chat-secret";
  static final String CHAT_ID_HEADER = "x-parley-chat-id";
  private final OpenAiSdkChatUseCase chats;
  private final SubmitUserTurnUseCase submitTurn;
  private final CancelTurnUseCase cancel;
  private final AuthenticateWebTokenUseCase webTokens;
  private final GetAgentUseCase agents;
  private final ParkedTurns parked;
  private final DecideToolApprovalUseCase approvals;
  private final TurnAdmission admission;
  private final ExecutorService blocking;
  private final Duration clientToolTimeout;

  public AiSdkChatController(OpenAiSdkChatUseCase chats, SubmitUserTurnUseCase submitTurn, CancelTurnUseCase cancel,
                             AuthenticateWebTokenUseCase webTokens, GetAgentUseCase agents, ParkedTurns parked,
                             DecideToolApprovalUseCase approvals, TurnAdmission admission,
                             @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                             @Value("${parley.ai-sdk.client-tool-timeout:5m}") Duration clientToolTimeout) {
    this.chats = chats;
    this.submitTurn = submitTurn;
    this.cancel = cancel;
    this.webTokens = webTokens;
    this.agents = agents;
    this.parked = parked;
    this.approvals = approvals;
    this.admission = admission;
    this.blocking = blocking;
    this.clientToolTimeout = clientToolTimeout;
  }

  @Post("/chat")
  @Produces({MediaType.TEXT_EVENT_STREAM, Problem.MEDIA_TYPE})
  @Operation(operationId = "aiSdkChat", summary = "Chat with the AI SDK's useChat (UI message stream)", description = "Takes the "
      + "request of the AI SDK's DefaultChatTransport; only the last message is read (a user message's text parts, or an "
      + "assistant message with the outputs of client tools), the history is the Parley chat named by `id` (channel "
      + "`ai-sdk`). Answers the UI message stream protocol v1 over server-sent events (AiSdkUiMessageStream), ending with "
      + "`data: [DONE]`. A tool without a webhook (or a web integration's client tool) runs on the client: the answer ends "
      + "with its `tool-input-available` part, and the request carrying its output continues the same turn. Closing the "
      + "connection stops the running turn. With a web integration token (Authorization: Bearer) the first request "
      + "opens the chat and answers its secret (header x-parley-chat-secret and a transient `data-parley-session` part); "
      + "every later request for that id must send it back in the x-parley-chat-secret header (403 chat_not_yours "
      + "otherwise). A tool with requires_approval ends the answer with its input and a `tool-approval-request` part whose "
      + "`approvalId` is the Parley approval's id; the request whose last message carries the tool part in state "
      + "`approval-responded` (addToolApprovalResponse) decides it and streams the resumed turn: `tool-output-available` "
      + "(approved, the tool ran) or `tool-output-denied`, then the reply. Only the chat's owner decides (the API key's "
      + "tenant, or the chat's secret); an approval the chat does not have is 404, one no longer pending 409 "
      + "(approval_decided, approval_cancelled). Problems found before the stream starts are answered as application/problem+json.")
  @ApiResponse(responseCode = "200", description = "The UI message stream (header x-vercel-ai-ui-message-stream: v1)",
      headers = {@io.swagger.v3.oas.annotations.headers.Header(name = "x-vercel-ai-ui-message-stream", schema = @Schema(type = "string", allowableValues = "v1")),
          @io.swagger.v3.oas.annotations.headers.Header(name = CHAT_ID_HEADER, description = "The Parley chat's id", schema = @Schema(type = "string", format = "uuid")),
          @io.swagger.v3.oas.annotations.headers.Header(name = SECRET_HEADER, description = "Web tokens only, on the request that opened the chat: the secret later requests must send", schema = @Schema(type = "string"))},
      content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(ref = "#/components/schemas/AiSdkUiMessageStream")))
  @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
  @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
  @ApiResponse(responseCode = "403", description = "Web tokens: origin not allowed, web chat disabled, or the chat id belongs to another visitor (chat_not_yours)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "#/components/schemas/Problem")))
  @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
  @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
  @ApiResponse(responseCode = "413", ref = "#/components/responses/PayloadTooLarge")
  @ApiResponse(responseCode = "422", ref = "#/components/responses/UnprocessableContent")
  @ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
  @ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
  public HttpResponse<?> chat(HttpRequest<?> request,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(ref = "#/components/schemas/AiSdkChatBody"))) @Body AiSdkChatRequest body,
      @Parameter(in = ParameterIn.HEADER, name = SECRET_HEADER, description = "Web tokens: the chat's secret, from the response that opened it", schema = @Schema(maxLength = WebTokens.MAX_LENGTH))
      @Nullable @Header(SECRET_HEADER) String secret) {
    String origin = request.getHeaders().get("Origin");
    WebIntegration integration = null;
    try {
      AiSdkInput input = AiSdkInput.of(body);
      AiSdkChat chat;
      if (request.getAttribute(Caller.TENANT_ATTRIBUTE).isPresent()) {
        chat = chats.forTenant(Caller.tenant(request), Ids.parse("agent_id", body.agentId()), body.id());
      } else {
        integration = webTokens.authenticate(bearer(request), origin);
        chat = chats.forVisitor(integration, body.id(), secret);
      }
      String lastId = body.messages().get(body.messages().size() - 1).id();
      MutableHttpResponse<?> answer = input.answersApproval() ? decideApproval(chat.session(), input.approval(), lastId)
          : input.continuesTools() ? continueTurn(chat.session(), input)
          : startTurn(chat, integration, input, body.messages().get(body.messages().size() - 1).id());
      if (chat.newSecret() != null) answer.header(SECRET_HEADER, chat.newSecret());
      return cors(answer.header(CHAT_ID_HEADER, chat.session().id().toString()), integration, origin);
    } catch (WebChatRefusedException e) {
      HttpStatus status = e.code().equals(AuthenticateWebTokenUseCase.INVALID_TOKEN) || e.code().equals(AuthenticateWebTokenUseCase.MISSING_TOKEN)
          ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN;
      return cors(Problem.response(status, e.code(), e.getMessage()), integration, origin);
    }
  }

  /** The CORS preflight: the token is not sent with it, so the POST itself checks the integration's origins. */
  @Options("/chat")
  @Operation(hidden = true)
  public HttpResponse<?> preflight(HttpRequest<?> request) {
    String origin = request.getHeaders().get("Origin");
    MutableHttpResponse<?> answer = HttpResponse.noContent();
    if (origin == null) return answer;
    return answer.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin")
        .header("Access-Control-Allow-Methods", "POST")
        .header("Access-Control-Allow-Headers", "authorization, content-type, x-api-key, " + SECRET_HEADER)
        .header("Access-Control-Max-Age", "600");
  }

  private MutableHttpResponse<?> startTurn(AiSdkChat chat, WebIntegration integration, AiSdkInput input, String messageId) {
    SessionHeader session = chat.session();
    String key = input.regenerate() || messageId == null || messageId.length() > 100 ? null : "ai-sdk:" + messageId;
    SubmitTurnCommand command = new SubmitTurnCommand(session.tenantId(), session.id(), input.text(), key, null);
    TurnAdmission.Permit permit = admission.admit(); // a turn in flight: past the bound, 429 before any work
    try {
      submitTurn.precheck(command); // problems before the stream starts are plain problem+json
    } catch (RuntimeException e) {
      permit.close();
      throw e;
    }
    UiMessageStream stream = new UiMessageStream(blocking);
    BrowserTools tools = browserTools(session, integration, stream);
    UiMessageStream.Response response = stream.newResponse(stopper(session));
    Map<String, Object> sessionData = new LinkedHashMap<>();
    sessionData.put("chat_id", session.id().toString());
    if (chat.newSecret() != null) sessionData.put("secret", chat.newSecret());
    AtomicBoolean started = new AtomicBoolean();
    return streamed(response.publisher(() -> {
      if (!started.compareAndSet(false, true)) return;
      stream.attach(response, sessionData);
      blocking.execute(() -> {
        try (permit) {
          stream.finish(submitTurn.submit(command, tools, stream));
        } catch (RuntimeException e) {
          stream.fail(TurnFailures.describe(e));
        }
      });
    }));
  }

  /** The outputs of the client tools the turn waits for: it goes on, streaming into this request's response. */
  private MutableHttpResponse<?> continueTurn(SessionHeader session, AiSdkInput input) {
    ParkedTurns.Parked waiting = parked.find(session.id())
        .filter(p -> input.toolOutputs().containsKey(p.toolCallId()))
        .orElseThrow(() -> new dev.parley.application.error.ConflictException("no_pending_client_tool",
            "no turn of chat " + session.id() + " waits for these tool outputs (it ended, or waited too long)"));
    UiMessageStream.Response response = waiting.stream().newResponse(stopper(session));
    AtomicBoolean started = new AtomicBoolean();
    return streamed(response.publisher(() -> {
      if (!started.compareAndSet(false, true)) return;
      waiting.stream().attach(response, null);
      waiting.output().complete(input.toolOutputs().get(waiting.toolCallId()));
    }));
  }

  /**
   * A person's answer to a tool approval request: the Parley approval is decided (only on this chat, which the caller
   * proved is theirs: the tenant's key, or the chat's secret) and the resumed turn streams on the same message.
   */
  private MutableHttpResponse<?> decideApproval(SessionHeader session, AiSdkInput.ApprovalAnswer answer, String messageId) {
    DecideToolApprovalUseCase.Decision decision = new DecideToolApprovalUseCase.Decision(session.tenantId(), session.id(),
        Ids.parse(answer.at() + "/id", answer.approvalId()), answer.approved() ? "approve" : "deny", answer.reason());
    TurnAdmission.Permit permit = admission.admit(); // the resumed turn is a turn in flight: past the bound, 429 first
    try {
      approvals.precheck(decision); // 404 unknown, 409 approval_decided / approval_cancelled: plain problems
      UiMessageStream stream = new UiMessageStream(blocking, messageId);
      stream.resumesDecided(answer.toolCallId(), !answer.approved());
      UiMessageStream.Response response = stream.newResponse(stopper(session));
      AtomicBoolean started = new AtomicBoolean();
      TurnAdmission.Permit held = permit;
      MutableHttpResponse<?> streamed = streamed(response.publisher(() -> {
        if (!started.compareAndSet(false, true)) return;
        stream.attach(response, null);
        blocking.execute(() -> {
          try (held) {
            stream.finish(approvals.decide(decision, stream));
          } catch (RuntimeException e) {
            stream.fail(TurnFailures.describe(e));
          }
        });
      }));
      permit = null; // the turn gives it back when it is over
      return streamed;
    } finally {
      if (permit != null) permit.close();
    }
  }

  /** Client tools: the agent's tools without a webhook, and the web integration's. */
  private BrowserTools browserTools(SessionHeader session, WebIntegration integration, UiMessageStream stream) {
    Set<String> names = new HashSet<>();
    for (ToolDefinition tool : agents.get(session.tenantId(), session.agentId()).definition().tools())
      if (tool.webhook() == null && !ToolDefinition.isBuiltIn(tool.name())) names.add(tool.name());
    List<ToolDefinition> extra = integration == null ? List.of() : new ArrayList<>(integration.clientTools());
    extra.forEach(t -> names.add(t.name()));
    return new BrowserTools(names, extra, stream, session.id(), parked, clientToolTimeout);
  }

  /** The client closed the connection (useChat's stop): the running turn is cancelled. */
  private Runnable stopper(SessionHeader session) {
    return () -> blocking.execute(() -> cancel.cancel(session.tenantId(), session.id()));
  }

  private static MutableHttpResponse<?> streamed(Object publisher) {
    return HttpResponse.ok(publisher).contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
        .header("x-vercel-ai-ui-message-stream", "v1").header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no");
  }

  /** A browser's answer names its origin when the web integration allows it, and exposes Parley's headers. */
  private static MutableHttpResponse<?> cors(MutableHttpResponse<?> answer, WebIntegration integration, String origin) {
    if (origin == null || integration == null || !integration.allowsOrigin(origin)) return answer;
    return answer.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin")
        .header("Access-Control-Expose-Headers", SECRET_HEADER + ", " + CHAT_ID_HEADER + ", x-vercel-ai-ui-message-stream");
  }

  private static String bearer(HttpRequest<?> request) {
    String authorization = request.getHeaders().getAuthorization().orElse(null);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return authorization.substring(7).trim();
    return null;
  }
}
