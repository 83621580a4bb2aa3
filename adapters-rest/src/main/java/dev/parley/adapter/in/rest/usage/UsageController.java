package dev.parley.adapter.in.rest.usage;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.chat.UsageDto;
import dev.parley.application.port.out.UsageLedger;
import dev.parley.application.port.in.GetUsageUseCase;
import dev.parley.domain.common.InvalidValueException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

/** Sums of a tenant's model usage and cost. */
@Controller("/api/v1/usage")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Usage")
@ApiResponse(responseCode = "400", description = "A bad from, to or group_by; field names it", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "401", description = "No valid API key", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "429", description = "A rate limit was reached; Retry-After says when to try again", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "503", description = "The database is unavailable for now; Retry-After says when to try again", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
public class UsageController {
  private final GetUsageUseCase usage;

  public UsageController(GetUsageUseCase usage) {
    this.usage = usage;
  }

  @Get
  @ApiResponse(responseCode = "200", description = "The tenant's usage in [from, to), by group; erased chats still count")
  @Operation(operationId = "getUsage", summary = "Sum the tenant's token usage and cost")
  public UsageResponse get(HttpRequest<?> request,
                           @Parameter(description = "Start (inclusive): an instant (2026-12-01T00:00:00Z) or a UTC day (2026-12-01); default 30 days before to") @Nullable @QueryValue String from,
                           @Parameter(description = "End (exclusive): an instant or a UTC day (that day excluded); default now") @Nullable @QueryValue String to,
                           @Parameter(description = "agent, model or day (default day)") @Nullable @QueryValue("group_by") String groupBy) {
    Instant end = to == null ? Instant.now() : instant("to", to);
    Instant start = from == null ? end.minus(30, ChronoUnit.DAYS) : instant("from", from);
    UsageLedger.GroupBy by = groupBy(groupBy);
    UUID tenant = Caller.tenant(request);
    return new UsageResponse(start, end, by.name().toLowerCase(Locale.ROOT), usage.currency(tenant), usage.summarize(tenant, start, end, by)
        .stream().map(g -> new UsageResponse.Group(g.key(), g.calls(), UsageDto.from(g.usage()), g.cost())).toList());
  }

  private static Instant instant(String field, String text) {
    try {
      return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidValueException(field, field + " must be an instant (2026-12-01T00:00:00Z) or a day (2026-12-01)");
    }
  }

  private static UsageLedger.GroupBy groupBy(String text) {
    if (text == null) return UsageLedger.GroupBy.DAY;
    return switch (text) {
      case "agent" -> UsageLedger.GroupBy.AGENT;
      case "model" -> UsageLedger.GroupBy.MODEL;
      case "day" -> UsageLedger.GroupBy.DAY;
      default -> throw new InvalidValueException("group_by", "group_by must be agent, model or day");
    };
  }
}
