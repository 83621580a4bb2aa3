package dev.parley.adapter.in.rest.admin;

import dev.parley.adapter.in.rest.apikey.ApiKeyView;
import dev.parley.adapter.in.rest.apikey.CreateApiKeyRequest;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.CreateTenantUseCase;
import dev.parley.application.port.in.ManageApiKeysUseCase;
import dev.parley.application.port.in.SetTenantRetentionUseCase;
import dev.parley.application.port.in.SetTenantSpendCapsUseCase;
import dev.parley.application.port.out.TenantRepository;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;

/** The operator API: tenants and their API keys, guarded by the operator key ({@link AdminKeyFilter}): 404 without it. */
@Controller("/api/v1/admin/tenants")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Admin")
@io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "adminKey")
@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
@ApiResponse(responseCode = "404", ref = "#/components/responses/OperatorKeyOrNotFound")
@ApiResponse(responseCode = "413", ref = "#/components/responses/PayloadTooLarge")
@ApiResponse(responseCode = "415", ref = "#/components/responses/UnsupportedMediaType")
@ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
public class AdminController {
  private final CreateTenantUseCase createTenant;
  private final ManageApiKeysUseCase apiKeys;
  private final SetTenantRetentionUseCase retention;
  private final SetTenantSpendCapsUseCase spendCaps;
  private final String adminKey;

  public AdminController(CreateTenantUseCase createTenant, ManageApiKeysUseCase apiKeys, SetTenantRetentionUseCase retention,
                         SetTenantSpendCapsUseCase spendCaps, @Value("${parley.admin-key:}") String adminKey) {
    this.spendCaps = spendCaps;
    this.createTenant = createTenant;
    this.apiKeys = apiKeys;
    this.retention = retention;
    this.adminKey = adminKey;
  }

  /** Body of tenant creation. */
  @Serdeable
  @Schema(name = "CreateTenantRequest")
  public record CreateTenantRequest(@Nullable String name) {}

  /** A created tenant with its first key, shown once. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "CreatedTenant")
  public record TenantCreated(String id, String name, String apiKey, String defaultAgentId) {}

  /** Body of the retention change: days, or null for the configured default (none configured: kept forever). */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "RetentionRequest")
  public record RetentionRequest(@Nullable Integer retentionDays) {}

  /** A tenant's retention period. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "Retention")
  public record RetentionView(String tenantId, @Nullable Integer retentionDays) {}

  /** A tenant's spend caps per UTC day; null: no cap of that kind. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "TenantSpendCaps")
  public record SpendCapsBody(
      @Schema(minimum = "0", maximum = "1000000000000", description = "Tokens (input plus output) per UTC day; null: no cap") @Nullable Long perDayTokens,
      @Schema(minimum = "0", maximum = "1000000000", description = "Cost per UTC day, in the tenant's currency; null: no cap") @Nullable java.math.BigDecimal perDayCost) {}

  @Post
  @ApiResponse(responseCode = "201", description = "The tenant with its first API key (shown once)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantCreated.class)))
  @Operation(operationId = "createTenant", summary = "Create a tenant with an API key and a default agent")
  public HttpResponse<TenantCreated> create(@io.swagger.v3.oas.annotations.Parameter(hidden = true) @Nullable @Header("X-Admin-Key") String key, @Body CreateTenantRequest body) {
    guard(key);
    CreateTenantUseCase.CreatedTenant created = createTenant.create(body.name());
    TenantRepository.Tenant t = created.tenant();
    return HttpResponse.created(new TenantCreated(t.id().toString(), t.name(), created.apiKey(), t.defaultAgentId().toString()));
  }

  @Post("/{id}/api-keys")
  @ApiResponse(responseCode = "201", description = "The new key with its value (shown once)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiKeyView.class)))
  @Operation(operationId = "issueApiKey", summary = "Issue another API key",
      description = "scope admin (default), operator or read (docs/security.md); an operator key may carry the person it speaks as.")
  public HttpResponse<ApiKeyView> issue(@io.swagger.v3.oas.annotations.Parameter(hidden = true) @Nullable @Header("X-Admin-Key") String key, @PathVariable UUID id,
                                        @Nullable @Body CreateApiKeyRequest body) {
    guard(key);
    ManageApiKeysUseCase.IssuedKey issued = apiKeys.issue(id, CreateApiKeyRequest.command(body));
    return HttpResponse.created(view(issued.key(), issued.secret()));
  }

  @Get("/{id}/api-keys")
  @ApiResponse(responseCode = "200", description = "The tenant's keys, without their values")
  @Operation(operationId = "listApiKeys", summary = "List a tenant's API keys (never their values)")
  public List<ApiKeyView> keys(@io.swagger.v3.oas.annotations.Parameter(hidden = true) @Nullable @Header("X-Admin-Key") String key, @PathVariable UUID id) {
    guard(key);
    return apiKeys.list(id).stream().map(k -> view(k, null)).toList();
  }

  @Delete("/{id}/api-keys/{keyId}")
  @ApiResponse(responseCode = "204", description = "Revoked")
  @Operation(operationId = "revokeApiKey", summary = "Revoke an API key")
  public HttpResponse<?> revoke(@io.swagger.v3.oas.annotations.Parameter(hidden = true) @Nullable @Header("X-Admin-Key") String key, @PathVariable UUID id, @PathVariable UUID keyId) {
    guard(key);
    apiKeys.revoke(id, keyId);
    return HttpResponse.noContent();
  }

  @Put("/{id}/retention")
  @ApiResponse(responseCode = "200", description = "The tenant's retention now")
  @Operation(operationId = "setRetention", summary = "Set how long a tenant's ended chats are kept",
      description = "retention_days (1 to 36500): chats that ended longer ago are erased by the sweeper, like DELETE "
          + "/api/v1/chats/{id} (erased_by 'retention'). null: the configured default, parley.retention.default-days "
          + "(none: kept forever).")
  public RetentionView setRetention(@io.swagger.v3.oas.annotations.Parameter(hidden = true) @Nullable @Header("X-Admin-Key") String key, @PathVariable UUID id,
                                    @Body RetentionRequest body) {
    guard(key);
    return new RetentionView(id.toString(), retention.set(id, body.retentionDays()));
  }

  @Put("/{id}/spend-caps")
  @ApiResponse(responseCode = "200", description = "The tenant's spend caps now")
  @Operation(operationId = "setTenantSpendCaps", summary = "Cap what a tenant's model turns may use per UTC day",
      description = "per_day_tokens and per_day_cost (null: no cap): once the tenant's usage this UTC day reaches one, its "
          + "model turns are refused with 429 spend_cap_reached (docs/providers.md). Scripted agents are never capped.")
  public SpendCapsBody setSpendCaps(@io.swagger.v3.oas.annotations.Parameter(hidden = true) @Nullable @Header("X-Admin-Key") String key,
                                    @PathVariable UUID id, @Body SpendCapsBody body) {
    guard(key);
    var caps = spendCaps.set(id, new dev.parley.application.port.out.TenantSpendCaps.DayCaps(body.perDayTokens(), body.perDayCost()));
    return new SpendCapsBody(caps.perDayTokens(), caps.perDayCost());
  }

  private static ApiKeyView view(TenantRepository.ApiKey k, String secret) {
    return ApiKeyView.of(k, secret);
  }

  /** {@link AdminKeyFilter} has already answered a caller without the key; this stays as a second lock. */
  private void guard(String presented) {
    if (!AdminKey.matches(adminKey, presented)) throw new NotFoundException("route", "/api/v1/admin");
  }
}
