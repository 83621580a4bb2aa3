package dev.parley.adapter.in.rest.openai;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.policy.TurnAdmission;
import dev.parley.application.port.in.AgentChatCommand;
import dev.parley.application.port.in.CompleteAgentChatUseCase;
import dev.parley.application.port.in.GetAgentUseCase;
import dev.parley.application.port.out.TurnListener;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.common.InvalidValueException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * The OpenAI-compatible facade (issue 22): an OpenAI client with this base URL and a tenant API key lists the tenant's
 * agents as models and runs them with chat completions. Stateless: the request carries the conversation, nothing of
 * it is stored. Problems carry OpenAI's {@code error} member as well (OpenAiErrors).
 */
@Controller("/api/v1/openai")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "OpenAI-compatible")
@ApiResponse(responseCode = "401", ref = "#/components/responses/OpenAiUnauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/OpenAiForbidden")
@ApiResponse(responseCode = "429", ref = "#/components/responses/OpenAiTooManyRequests")
@ApiResponse(responseCode = "503", ref = "#/components/responses/OpenAiServiceUnavailable")
public class OpenAiController {
  private static final int PAGE = 100;
  private final GetAgentUseCase getAgent;
  private final CompleteAgentChatUseCase completeChat;
  private final ExecutorService blocking;
  private final JsonMapper json;
  private final OpenAiHistory history;
  private final TurnAdmission admission;

  public OpenAiController(GetAgentUseCase getAgent, CompleteAgentChatUseCase completeChat,
                          @Named(TaskExecutors.BLOCKING) ExecutorService blocking, JsonMapper json, TurnAdmission admission) {
    this.admission = admission;
    this.getAgent = getAgent;
    this.completeChat = completeChat;
    this.blocking = blocking;
    this.json = json;
    this.history = new OpenAiHistory(json);
  }

  @Get("/models")
  @Operation(operationId = "listOpenAiModels", summary = "The tenant's agents as OpenAI models",
      description = "Every agent of the tenant, oldest first; a model's id is the agent id and its name the agent's name.")
  @ApiResponse(responseCode = "200", description = "The model list",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelList.class)))
  public ModelList models(HttpRequest<?> request) {
    UUID tenant = Caller.tenant(request);
    List<ModelList.Model> models = new ArrayList<>();
    for (int skip = 0; ; skip += PAGE) {
      List<Agent> page = getAgent.list(tenant, skip, PAGE);
      page.forEach(a -> models.add(ModelList.Model.of(a)));
      if (page.size() < PAGE) break;
    }
    return new ModelList("list", models);
  }

  @Get("/models/{id}")
  @Operation(operationId = "getOpenAiModel", summary = "One agent as an OpenAI model")
  @ApiResponse(responseCode = "200", description = "The model",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelList.Model.class)))
  @ApiResponse(responseCode = "404", description = "No agent of the tenant has this id",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/OpenAiProblem")))
  public ModelList.Model model(HttpRequest<?> request, @PathVariable String id) {
    return ModelList.Model.of(getAgent.get(Caller.tenant(request), agentId(id)));
  }

  @Post("/chat/completions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
  @Operation(operationId = "createOpenAiChatCompletion", summary = "Run an agent on a conversation (OpenAI chat completion)",
      description = "Runs the agent named by `model` — its prompt, tools and model — on `messages`, and answers a "
          + "`chat.completion`. Client `tools` are offered to the agent: when it calls one the answer has `tool_calls` and "
          + "finish_reason `tool_calls`; send the conversation again with the assistant message and a `tool` message per "
          + "call. With `stream: true` the answer is server-sent `chat.completion.chunk` events (OpenAiChatCompletionChunk), "
          + "with `stream_options.include_usage` a last chunk with empty choices and the usage, then `data: [DONE]`; a "
          + "failure after the stream began is an event `{\"error\": ...}`. Problems found before are problem+json with "
          + "OpenAI's `error` member.")
  @ApiResponse(responseCode = "200", description = "The completion, or its chunks as server-sent events", content = {
      @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChatCompletion.class)),
      @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(ref = "#/components/schemas/OpenAiChatCompletionChunk"))})
  @ApiResponse(responseCode = "400", description = "Bad input; `error.param` and `field` name it",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/OpenAiProblem")))
  @ApiResponse(responseCode = "404", description = "No agent of the tenant has the id given as `model`",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/OpenAiProblem")))
  @ApiResponse(responseCode = "413", description = "Too many messages or client tools, or a message too long",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/OpenAiProblem")))
  @ApiResponse(responseCode = "415", ref = "#/components/responses/OpenAiUnsupportedMediaType")
  public HttpResponse<?> complete(HttpRequest<?> request, @Body ChatCompletionRequest body) {
    UUID tenant = Caller.tenant(request);
    if (body.model() == null || body.model().isBlank()) throw new InvalidValueException("model", "model is required: an agent id");
    String model = body.model();
    AgentChatCommand command = new AgentChatCommand(tenant, agentId(model), history.messages(body.messages()),
        OpenAiHistory.tools(body.tools()));
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    long created = Instant.now().getEpochSecond();
    TurnAdmission.Permit permit = admission.admit(); // a run is a turn in flight: past the bound, 429 before any work
    try {
      if (Boolean.TRUE.equals(body.stream())) {
        completeChat.precheck(command); // problems before the stream starts are plain problem+json answers
        boolean usage = body.streamOptions() != null && Boolean.TRUE.equals(body.streamOptions().includeUsage());
        TurnAdmission.Permit streamed = permit;
        permit = null; // the stream gives it back when the run is over
        return HttpResponse.ok(CompletionChunks.run(blocking, id, created, model, usage, json, listener -> {
          try (streamed) {
            return completeChat.complete(command, listener);
          }
        })).contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
      }
      return HttpResponse.ok(ChatCompletion.of(id, created, model, completeChat.complete(command, TurnListener.NONE), json))
          .contentType(MediaType.APPLICATION_JSON_TYPE);
    } finally {
      if (permit != null) permit.close();
    }
  }

  /** An agent id; anything else names no model, as OpenAI answers an unknown one (404). */
  private static UUID agentId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("model", id);
    }
  }
}
