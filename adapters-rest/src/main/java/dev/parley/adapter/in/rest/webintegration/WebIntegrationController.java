package dev.parley.adapter.in.rest.webintegration;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.support.IdempotentRequests;
import dev.parley.adapter.in.rest.support.StandardProblemResponses;
import dev.parley.application.port.in.CreateWebIntegrationCommand;
import dev.parley.application.port.in.CreateWebIntegrationUseCase;
import dev.parley.application.port.in.ListWebIntegrationsUseCase;
import dev.parley.application.port.in.RevokeWebIntegrationUseCase;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;

/**
 * Web integration tokens of an agent (seed 05): create (token shown once), list, revoke. A create with an
 * Idempotency-Key is replayed with the same token; its stored answer is sealed under that key, so the token is never
 * stored in clear (only its hash is).
 */
@Controller("/api/v1/agents/{agentId}/web-integrations")
@ExecuteOn(TaskExecutors.BLOCKING)
@io.micronaut.http.annotation.Consumes(io.micronaut.http.MediaType.APPLICATION_JSON)
@Tag(name = "Web integrations")
@StandardProblemResponses
public class WebIntegrationController {
  private final CreateWebIntegrationUseCase create;
  private final ListWebIntegrationsUseCase list;
  private final RevokeWebIntegrationUseCase revoke;
  private final IdempotentRequests idempotent;

  public WebIntegrationController(CreateWebIntegrationUseCase create, ListWebIntegrationsUseCase list, RevokeWebIntegrationUseCase revoke,
                                  IdempotentRequests idempotent) {
    this.idempotent = idempotent;
    this.create = create;
    this.list = list;
    this.revoke = revoke;
  }

  @Post(uris = {"", "/"})
  @Operation(operationId = "createWebIntegration", summary = "Create a web integration token for the agent", description = "The token is in this answer only, "
      + "and in its replays: a retry with the same Idempotency-Key and body answers the same integration and token; the "
      + "same key with another body is a 422.")
  @ApiResponse(responseCode = "201", description = "The integration with its token",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedWebIntegrationResponse.class)))
  @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used with another body",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
  public HttpResponse<?> create(HttpRequest<?> request, @PathVariable UUID agentId, @Body CreateWebIntegrationRequest body) {
    UUID tenant = Caller.tenant(request);
    return idempotent.runWithSecretAnswer(request, tenant, body, () -> {
      CreateWebIntegrationUseCase.IssuedWebIntegration issued = create.create(new CreateWebIntegrationCommand(tenant, agentId,
          body.allowWebChat(), body.allowedOrigins(), body.expiresAtInstant(), body.clientToolDefinitions()));
      return HttpResponse.created(CreatedWebIntegrationResponse.from(issued.integration(), issued.token()))
          .headers(h -> h.location(URI.create("/api/v1/agents/" + agentId + "/web-integrations/" + issued.integration().id())));
    });
  }

  @Get(uris = {"", "/"})
  @ApiResponse(responseCode = "200", description = "The agent's web integrations, without tokens")
  @Operation(operationId = "listWebIntegrations", summary = "List the agent's web integrations (without tokens)")
  public WebIntegrationListResponse list(HttpRequest<?> request, @PathVariable UUID agentId) {
    return new WebIntegrationListResponse(list.list(Caller.tenant(request), agentId).stream()
        .map(WebIntegrationResponse::from).toList());
  }

  @Delete("/{integrationId}")
  @ApiResponse(responseCode = "204", description = "Revoked")
  @Operation(operationId = "revokeWebIntegration", summary = "Revoke a web integration; its token opens no new web chat")
  public HttpResponse<?> revoke(HttpRequest<?> request, @PathVariable UUID agentId, @PathVariable UUID integrationId) {
    revoke.revoke(Caller.tenant(request), agentId, integrationId);
    return HttpResponse.noContent();
  }
}
