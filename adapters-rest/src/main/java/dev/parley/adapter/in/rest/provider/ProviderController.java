package dev.parley.adapter.in.rest.provider;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.support.IdempotentRequests;
import dev.parley.application.port.in.CreateProviderConnectionUseCase;
import dev.parley.application.port.in.DeleteProviderConnectionUseCase;
import dev.parley.application.port.in.GetProviderConnectionUseCase;
import dev.parley.application.port.in.UpdateProviderConnectionUseCase;
import dev.parley.domain.provider.ProviderConnection;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;

/** A tenant's provider connections: create, read, list, replace, delete (refused while an agent uses one). */
@Controller("/api/v1/providers")
@ExecuteOn(TaskExecutors.BLOCKING)
@io.micronaut.http.annotation.Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Providers")
@ApiResponse(responseCode = "400", description = "The request is not valid: malformed JSON, a wrong type, a value out of range, a reserved name, a base URL the server does not call; field names the place", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "401", description = "No valid API key", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "404", description = "No such connection for this tenant", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "409", description = "A connection of that name exists already, or an agent still uses the connection", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "413", description = "The body is larger than the server accepts", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "415", description = "The body is not application/json", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "422", description = "The Idempotency-Key was used before with another body", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "429", description = "A rate limit was reached; Retry-After says when to try again", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "503", description = "The database is unavailable for now; Retry-After says when to try again", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
public class ProviderController {
  private final CreateProviderConnectionUseCase create;
  private final GetProviderConnectionUseCase get;
  private final UpdateProviderConnectionUseCase update;
  private final DeleteProviderConnectionUseCase delete;
  private final IdempotentRequests idempotent;

  public ProviderController(CreateProviderConnectionUseCase create, GetProviderConnectionUseCase get,
                            UpdateProviderConnectionUseCase update, DeleteProviderConnectionUseCase delete,
                            IdempotentRequests idempotent) {
    this.create = create;
    this.get = get;
    this.update = update;
    this.delete = delete;
    this.idempotent = idempotent;
  }

  @Post(uris = {"", "/"})
  @ApiResponse(responseCode = "201", description = "The created connection, without its secrets", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderResponse.class)))
  @Operation(operationId = "createProvider", summary = "Create a provider connection")
  public HttpResponse<?> create(HttpRequest<?> request, @Body ProviderRequest body) {
    UUID tenant = Caller.tenant(request);
    return idempotent.run(request, tenant, body, () -> {
      ProviderConnection created = create.create(tenant, body.toDraft(null));
      return HttpResponse.created(ProviderResponse.from(created))
          .headers(h -> h.location(URI.create("/api/v1/providers/" + created.name())));
    });
  }

  @Get("/{name}")
  @ApiResponse(responseCode = "200", description = "The connection, without its secrets")
  @Operation(operationId = "getProvider", summary = "Read a provider connection")
  public ProviderResponse get(HttpRequest<?> request, @PathVariable String name) {
    return ProviderResponse.from(get.get(Caller.tenant(request), name));
  }

  @Get
  @ApiResponse(responseCode = "200", description = "The tenant's connections, by name")
  @Operation(operationId = "listProviders", summary = "List provider connections")
  public ProviderListResponse list(HttpRequest<?> request) {
    return new ProviderListResponse(get.list(Caller.tenant(request)).stream().map(ProviderResponse::from).toList());
  }

  @Put("/{name}")
  @ApiResponse(responseCode = "200", description = "The connection as it is now, without its secrets")
  @Operation(operationId = "replaceProvider", summary = "Replace a provider connection (a left-out api_key or headers are kept)")
  public ProviderResponse update(HttpRequest<?> request, @PathVariable String name, @Body ProviderRequest body) {
    return ProviderResponse.from(update.update(Caller.tenant(request), name, body.toDraft(name), body.headers() != null));
  }

  @Delete("/{name}")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @Operation(operationId = "deleteProvider", summary = "Delete a provider connection (409 while an agent uses it)")
  public HttpResponse<?> delete(HttpRequest<?> request, @PathVariable String name) {
    delete.delete(Caller.tenant(request), name);
    return HttpResponse.noContent();
  }
}
