package dev.parley.adapter.in.rest.webhook;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.support.Ids;
import dev.parley.application.port.in.ManageWebhookDeliveriesUseCase;
import dev.parley.domain.common.InvalidValueException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
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

/** Completion-webhook deliveries: list them (with their state and last error) and replay one. */
@Controller("/api/v1/webhook-deliveries")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Webhooks")
@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
@ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
@ApiResponse(responseCode = "413", ref = "#/components/responses/PayloadTooLarge")
@ApiResponse(responseCode = "415", ref = "#/components/responses/UnsupportedMediaType")
@ApiResponse(responseCode = "422", ref = "#/components/responses/UnprocessableContent")
@ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
public class WebhookDeliveryController {
  private final ManageWebhookDeliveriesUseCase deliveries;

  public WebhookDeliveryController(ManageWebhookDeliveriesUseCase deliveries) {
    this.deliveries = deliveries;
  }

  /** A page of deliveries. */
  @Serdeable
  @Schema(name = "WebhookDeliveryList")
  public record DeliveryList(List<DeliveryResponse> items) {}

  @Get
  @ApiResponse(responseCode = "200", description = "A page of deliveries, newest first")
  @Operation(operationId = "listWebhookDeliveries", summary = "List deliveries, newest first, optionally of one chat")
  public DeliveryList list(HttpRequest<?> request, @Nullable @QueryValue("chat_id") String chatId,
                           @Nullable @QueryValue Integer take) {
    int t = take == null ? 50 : take;
    if (t < 1 || t > 200) throw new InvalidValueException("take", "take must be between 1 and 200");
    return new DeliveryList(deliveries.list(Caller.tenant(request), Ids.parse("chat_id", chatId), t).stream()
        .map(DeliveryResponse::from).toList());
  }

  @Get("/{id}")
  @ApiResponse(responseCode = "200", description = "The delivery")
  @Operation(operationId = "getWebhookDelivery", summary = "One delivery")
  public DeliveryResponse get(HttpRequest<?> request, @PathVariable UUID id) {
    return DeliveryResponse.from(deliveries.get(Caller.tenant(request), id));
  }

  @Post("/{id}/replay")
  @ApiResponse(responseCode = "200", description = "The delivery, due again now")
  @Operation(operationId = "replayWebhookDelivery", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, description = "Not read: send none, or an empty object", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object"))),
      summary = "Send a delivery again (due now, fresh retry horizon)")
  public DeliveryResponse replay(HttpRequest<?> request, @PathVariable UUID id) {
    return DeliveryResponse.from(deliveries.replay(Caller.tenant(request), id));
  }
}
