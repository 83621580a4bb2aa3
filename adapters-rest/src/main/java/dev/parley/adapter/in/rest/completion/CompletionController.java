package dev.parley.adapter.in.rest.completion;

import dev.parley.adapter.in.rest.agent.AgentDocumentDto;
import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.support.IdempotentRequests;
import dev.parley.adapter.in.rest.support.Ids;
import dev.parley.adapter.in.rest.support.StandardProblemResponses;
import dev.parley.application.port.in.CompleteStatelessTurnUseCase;
import dev.parley.application.port.in.StatelessTurnCommand;
import dev.parley.application.policy.TurnAdmission;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.ToolCall;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Stateless text-chat completion (seed 03): the client owns the history and carries a sealed state between turns. */
@Controller("/api/v1/text-chat")
@ExecuteOn(TaskExecutors.BLOCKING)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Stateless completion")
@StandardProblemResponses
public class CompletionController {
  private final CompleteStatelessTurnUseCase completeTurn;
  private final IdempotentRequests idempotent;

  private final TurnAdmission admission;

  public CompletionController(CompleteStatelessTurnUseCase completeTurn, IdempotentRequests idempotent, TurnAdmission admission) {
    this.admission = admission;
    this.completeTurn = completeTurn;
    this.idempotent = idempotent;
  }

  @Post("/completion")
  @Operation(operationId = "completeTextChat", summary = "Run one stateless text-chat completion turn",
      description = "Send the whole history with the new user message last, and the state of the previous turn (null on "
          + "the first). Answers the new messages (tool-turns first, then the reply), the next state, is_final, and the "
          + "chat_id and call_id that stay the same for the whole conversation. A tampered, foreign or expired state, "
          + "or a history that does not match it, is a 400; any state of an ended conversation is a 409.")
  @ApiResponse(responseCode = "200", description = "The turn's new messages, the next state and the conversation's ids",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CompletionResponse.class)))
  @ApiResponse(responseCode = "400", description = "Bad input, or a state that is malformed, altered, foreign, expired or "
      + "does not match the agent or history sent", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  @ApiResponse(responseCode = "409", description = "The conversation has ended", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  @ApiResponse(responseCode = "413", description = "Too many messages, or a message too long", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  public HttpResponse<?> complete(HttpRequest<?> request, @Body CompletionRequest body) {
    UUID tenant = Caller.tenant(request);
    try (TurnAdmission.Permit permit = admission.admit()) { // past the bound: 429 before any work
      return idempotent.runForChat(request, tenant, body, answer -> UUID.fromString(((CompletionResponse) answer).chatId()),
          () -> HttpResponse.ok(CompletionResponse.from(completeTurn.complete(command(tenant, body)))));
    }
  }

  private static StatelessTurnCommand command(UUID tenant, CompletionRequest body) {
    CompletionRequest.AgentRef agent = body.agent();
    UUID agentId = agent == null ? null : Ids.parse("agent.id", agent.id());
    AgentDefinition inline = agentId != null || agent == null ? null : inlineDefinition(agent);
    if (agentId != null && hasDocument(agent))
      throw new InvalidValueException("agent", "agent takes either an id or an inline definition, not both");
    return new StatelessTurnCommand(tenant, agentId, inline, messages(body.messages()), body.state(), body.additionalData(),
        Boolean.TRUE.equals(body.finish()));
  }

  private static boolean hasDocument(CompletionRequest.AgentRef agent) {
    return agent.config() != null || (agent.inline() != null && !isEmpty(agent.inline()));
  }

  private static boolean isEmpty(AgentDocumentDto d) {
    return d.name() == null && d.prompt() == null && d.greeting() == null && d.model() == null && d.script() == null
        && d.tools() == null && d.completionWebhook() == null && d.analysisFields() == null && d.defaultTtlSeconds() == null
        && d.maxFailedTurns() == null;
  }

  /** The inline agent, validated like a stored one; its field names are reported under {@code agent.}. */
  private static AgentDefinition inlineDefinition(CompletionRequest.AgentRef agent) {
    AgentDocumentDto document = agent.config() != null ? agent.config() : agent.inline();
    if (document == null || isEmpty(document))
      throw new InvalidValueException("agent", "agent is required: give {\"id\": ...} or an inline agent definition");
    try {
      return document.toDefinition();
    } catch (InvalidValueException e) {
      throw new InvalidValueException("agent." + e.field(), e.getMessage());
    }
  }

  private static List<StatelessTurnCommand.InputMessage> messages(@Nullable List<CompletionRequest.InputMessage> messages) {
    if (messages == null) return null;
    List<StatelessTurnCommand.InputMessage> out = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      CompletionRequest.InputMessage m = messages.get(i);
      out.add(m == null ? null : new StatelessTurnCommand.InputMessage(m.role(), m.content(), toolCalls(i, m.toolCalls()), m.time()));
    }
    return out;
  }

  private static List<ToolCall> toolCalls(int index, @Nullable List<CompletionRequest.InputToolCall> calls) {
    if (calls == null) return List.of();
    List<ToolCall> out = new ArrayList<>(calls.size());
    for (int j = 0; j < calls.size(); j++) {
      CompletionRequest.InputToolCall c = calls.get(j);
      String field = "messages[" + index + "].tool_calls[" + j + "]";
      if (c == null) throw new InvalidValueException(field, field + " must not be null");
      try {
        out.add(new ToolCall(c.id(), c.name(), c.arguments(), c.response()));
      } catch (InvalidValueException e) {
        throw new InvalidValueException(field + e.field().substring("tool_calls".length()), field + ": " + e.getMessage());
      }
    }
    return out;
  }
}
