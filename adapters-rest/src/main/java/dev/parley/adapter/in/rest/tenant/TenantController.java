package dev.parley.adapter.in.rest.tenant;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.support.Ids;
import dev.parley.adapter.in.rest.support.StandardProblemResponses;
import dev.parley.application.port.in.SetDefaultAgentUseCase;
import dev.parley.application.port.in.SetTenantCurrencyUseCase;
import dev.parley.application.port.out.TenantRepository;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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
import java.time.Instant;
import java.util.UUID;

/**
 * The caller's own tenant: who it is, which agent serves chats opened without an agent_id, and the currency its
 * connections' prices (so its costs) are written in.
 */
@Controller("/api/v1/tenant")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Tenant")
@StandardProblemResponses
public class TenantController {
  private final SetDefaultAgentUseCase setDefaultAgent;
  private final SetTenantCurrencyUseCase currencies;

  public TenantController(SetDefaultAgentUseCase setDefaultAgent, SetTenantCurrencyUseCase currencies) {
    this.setDefaultAgent = setDefaultAgent;
    this.currencies = currencies;
  }

  /** The tenant as its own API keys see it. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "Tenant")
  public record TenantResponse(String id, String name, @Nullable String defaultAgentId, Instant createdAt,
                               @Schema(description = "The ISO 4217 code of the tenant's prices and costs (null: not set)", pattern = "^[A-Z]{3}$") @Nullable String currency) {
    static TenantResponse from(TenantRepository.Tenant t, String currency) {
      return new TenantResponse(t.id().toString(), t.name(), t.defaultAgentId() == null ? null : t.defaultAgentId().toString(),
          t.createdAt(), currency);
    }
  }

  /** Body of the currency change; an unknown field is refused (a typo must not clear the currency). */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = false)
  @Schema(name = "CurrencyRequest")
  public record CurrencyRequest(
      @Schema(description = "An ISO 4217 code of three upper-case letters (EUR, USD...); null clears it", pattern = "^[A-Z]{3}$") @Nullable String currency) {}

  /** Body of the default-agent change. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "DefaultAgentRequest")
  public record DefaultAgentRequest(@Nullable String defaultAgentId) {}

  @Get
  @ApiResponse(responseCode = "200", description = "The caller's tenant")
  @Operation(operationId = "getTenant", summary = "The caller's tenant")
  public TenantResponse get(HttpRequest<?> request) {
    UUID tenant = Caller.tenant(request);
    return TenantResponse.from(setDefaultAgent.tenant(tenant), currencies.currency(tenant));
  }

  @Put("/default-agent")
  @ApiResponse(responseCode = "200", description = "The tenant with its new default agent")
  @Operation(operationId = "setDefaultAgent", summary = "Point the tenant's default agent at another of its agents")
  public TenantResponse setDefault(HttpRequest<?> request, @Body DefaultAgentRequest body) {
    UUID tenant = Caller.tenant(request);
    return TenantResponse.from(setDefaultAgent.set(tenant, Ids.parse("default_agent_id", body.defaultAgentId())),
        currencies.currency(tenant));
  }

  @Put("/currency")
  @ApiResponse(responseCode = "200", description = "The tenant with its new currency")
  @Operation(operationId = "setTenantCurrency", summary = "Name the currency of the tenant's prices and costs",
      description = "A label: amounts are not converted. Chats' cost, GET /api/v1/usage and the completion webhook carry it.")
  public TenantResponse setCurrency(HttpRequest<?> request, @Body CurrencyRequest body) {
    UUID tenant = Caller.tenant(request);
    String currency = currencies.set(tenant, body.currency());
    return TenantResponse.from(setDefaultAgent.tenant(tenant), currency);
  }
}
