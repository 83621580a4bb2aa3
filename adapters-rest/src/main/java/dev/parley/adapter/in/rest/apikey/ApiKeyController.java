package dev.parley.adapter.in.rest.apikey;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.application.port.in.ManageApiKeysUseCase;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;

/** The tenant's own API keys, managed with an admin-scoped key: issue (the value shown once), list, revoke. */
@Controller("/api/v1/api-keys")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Tenant")
@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
@ApiResponse(responseCode = "413", ref = "#/components/responses/PayloadTooLarge")
@ApiResponse(responseCode = "415", ref = "#/components/responses/UnsupportedMediaType")
@ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
public class ApiKeyController {
  private final ManageApiKeysUseCase apiKeys;

  public ApiKeyController(ManageApiKeysUseCase apiKeys) {
    this.apiKeys = apiKeys;
  }

  /** The tenant's keys, revoked ones included, never their values. */
  @Serdeable
  @Schema(name = "ApiKeyList")
  public record ApiKeyList(List<ApiKeyView> items) {}

  @Post
  @ApiResponse(responseCode = "201", description = "The new key with its value (shown once; stored only as a hash)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiKeyView.class)))
  @Operation(operationId = "createApiKey", summary = "Issue an API key of this tenant (admin keys only)",
      description = "scope admin (default), operator or read (docs/security.md); an operator key may carry the person it speaks as.")
  public HttpResponse<ApiKeyView> create(HttpRequest<?> request, @Nullable @Body CreateApiKeyRequest body) {
    ManageApiKeysUseCase.IssuedKey issued = apiKeys.issue(Caller.tenant(request), CreateApiKeyRequest.command(body));
    return HttpResponse.created(ApiKeyView.of(issued.key(), issued.secret()));
  }

  @Get
  @ApiResponse(responseCode = "200", description = "The tenant's keys, oldest first, without their values")
  @Operation(operationId = "listTenantApiKeys", summary = "List this tenant's API keys (admin keys only)")
  public ApiKeyList list(HttpRequest<?> request) {
    return new ApiKeyList(apiKeys.list(Caller.tenant(request)).stream().map(k -> ApiKeyView.of(k, null)).toList());
  }

  @Delete("/{id}")
  @ApiResponse(responseCode = "204", description = "Revoked (at once, on every instance)")
  @Operation(operationId = "revokeTenantApiKey", summary = "Revoke one of this tenant's API keys (admin keys only)",
      description = "A key may revoke itself; it is refused from the next request on.")
  public HttpResponse<?> revoke(HttpRequest<?> request, @PathVariable UUID id) {
    apiKeys.revoke(Caller.tenant(request), id);
    return HttpResponse.noContent();
  }
}
