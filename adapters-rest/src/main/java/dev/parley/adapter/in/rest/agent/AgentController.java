package dev.parley.adapter.in.rest.agent;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.support.IdempotentRequests;
import dev.parley.application.port.in.CreateAgentUseCase;
import dev.parley.application.port.in.DeleteAgentUseCase;
import dev.parley.application.port.in.GetAgentUseCase;
import dev.parley.application.port.in.UpdateAgentUseCase;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.common.InvalidValueException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import dev.parley.adapter.in.rest.support.StandardProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;

/** Agents: create, read, list, update, delete. */
@Controller("/api/v1/agents")
@ExecuteOn(TaskExecutors.BLOCKING)
@io.micronaut.http.annotation.Consumes(io.micronaut.http.MediaType.APPLICATION_JSON)
@Tag(name = "Agents")
@StandardProblemResponses
public class AgentController {
  private final CreateAgentUseCase createAgent;
  private final GetAgentUseCase getAgent;
  private final UpdateAgentUseCase updateAgent;
  private final DeleteAgentUseCase deleteAgent;
  private final IdempotentRequests idempotent;

  public AgentController(CreateAgentUseCase createAgent, GetAgentUseCase getAgent, UpdateAgentUseCase updateAgent, DeleteAgentUseCase deleteAgent,
                         IdempotentRequests idempotent) {
    this.createAgent = createAgent;
    this.getAgent = getAgent;
    this.updateAgent = updateAgent;
    this.deleteAgent = deleteAgent;
    this.idempotent = idempotent;
  }

  @Post(uris = {"", "/"})
  @ApiResponse(responseCode = "201", description = "The created agent", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgentResponse.class)))
  @Operation(operationId = "createAgent", summary = "Create an agent")
  public HttpResponse<?> create(HttpRequest<?> request, @Body AgentRequest body) {
    UUID tenant = Caller.tenant(request);
    return idempotent.run(request, tenant, body, () -> {
      Agent agent = createAgent.create(tenant, body.toDefinition());
      return HttpResponse.created(AgentResponse.from(agent)).headers(h -> h.location(URI.create("/api/v1/agents/" + agent.id())));
    });
  }

  @Get("/{id}")
  @ApiResponse(responseCode = "200", description = "The agent, without secrets")
  @Operation(operationId = "getAgent", summary = "Read an agent")
  public AgentResponse get(HttpRequest<?> request, @PathVariable UUID id) {
    return AgentResponse.from(getAgent.get(Caller.tenant(request), id));
  }

  @Get
  @ApiResponse(responseCode = "200", description = "A page of the tenant's agents")
  @Operation(operationId = "listAgents", summary = "List agents")
  public AgentListResponse list(HttpRequest<?> request, @Nullable @QueryValue Integer skip, @Nullable @QueryValue Integer take) {
    UUID tenant = Caller.tenant(request);
    int s = skip == null ? 0 : skip;
    int t = take == null ? 50 : take;
    if (s < 0) throw new InvalidValueException("skip", "skip must not be negative");
    if (t < 1 || t > 200) throw new InvalidValueException("take", "take must be between 1 and 200");
    return new AgentListResponse(getAgent.list(tenant, s, t).stream().map(AgentResponse::from).toList(), getAgent.count(tenant), s, t);
  }

  @Put("/{id}")
  @ApiResponse(responseCode = "200", description = "The agent as it is now, without secrets")
  @Operation(operationId = "replaceAgent", summary = "Replace an agent's definition (a left-out webhook secret is kept)")
  public AgentResponse update(HttpRequest<?> request, @PathVariable UUID id, @Body AgentRequest body) {
    return AgentResponse.from(updateAgent.update(Caller.tenant(request), id, body.toDefinition(id)));
  }

  @Delete("/{id}")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @Operation(operationId = "deleteAgent", summary = "Delete an agent; its sessions stay readable")
  public HttpResponse<?> delete(HttpRequest<?> request, @PathVariable UUID id) {
    deleteAgent.delete(Caller.tenant(request), id);
    return HttpResponse.noContent();
  }
}
