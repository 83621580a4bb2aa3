package dev.parley.adapter.in.rest.webhook;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.support.Ids;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.parley.adapter.in.rest.support.StandardProblemResponses;
import dev.parley.application.port.in.ManageWebhookDeliveriesUseCase;
import dev.parley.application.port.in.SendTestWebhookUseCase;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.application.port.out.WebhookOutbox.DeliveryPage;
import dev.parley.application.port.out.WebhookOutbox.DeliveryQuery;
import dev.parley.domain.common.InvalidValueException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
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
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Completion-webhook deliveries: list them, show one with its attempts, replay one, and send a test event. */
@Controller("/api/v1/webhook-deliveries")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Webhooks")
@StandardProblemResponses
public class WebhookDeliveryController {
  private final ManageWebhookDeliveriesUseCase deliveries;
  private final SendTestWebhookUseCase testWebhook;

  public WebhookDeliveryController(ManageWebhookDeliveriesUseCase deliveries, SendTestWebhookUseCase testWebhook) {
    this.deliveries = deliveries;
    this.testWebhook = testWebhook;
  }

  /** A page of deliveries, as the chats list pages: the matching total, and the skip and take answered. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "WebhookDeliveryList")
  public record DeliveryList(List<DeliveryResponse> items, long totalCount, int skip, int take) {}

  /** Body of the test event: the agent whose completion webhook gets it. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  @Schema(name = "WebhookTestRequest")
  public record TestRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uuid") @Nullable String agentId) {}

  /** How the test event went: the receiver's status (null: none came back), how long it took and what went wrong. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "WebhookTestResult")
  public record TestResult(String eventId, String eventType, String url, boolean delivered, Instant at,
                           @Nullable Integer statusCode, long durationMs, @Nullable String error) {}

  @Get
  @ApiResponse(responseCode = "200", description = "A page of deliveries, newest first")
  @Operation(operationId = "listWebhookDeliveries", summary = "List deliveries, newest first, by chat and state")
  public DeliveryList list(HttpRequest<?> request, @Nullable @QueryValue("chat_id") String chatId,
                           @io.swagger.v3.oas.annotations.Parameter(schema = @Schema(allowableValues = {"pending", "delivered", "dead"})) @Nullable @QueryValue String status,
                           @io.swagger.v3.oas.annotations.Parameter(schema = @Schema(minimum = "0")) @Nullable @QueryValue Integer skip,
                           @io.swagger.v3.oas.annotations.Parameter(schema = @Schema(minimum = "1", maximum = "200")) @Nullable @QueryValue Integer take) {
    int s = skip == null ? 0 : skip;
    int t = take == null ? ManageWebhookDeliveriesUseCase.DEFAULT_TAKE : take;
    DeliveryPage page = deliveries.list(new DeliveryQuery(Caller.tenant(request), Ids.parse("chat_id", chatId), status(status), s, t));
    return new DeliveryList(page.items().stream().map(DeliveryResponse::from).toList(), page.totalCount(), s, t);
  }

  @Get("/{id}")
  @ApiResponse(responseCode = "200", description = "The delivery with its attempt log")
  @Operation(operationId = "getWebhookDelivery", summary = "One delivery, with every attempt (time, status code, duration, error)")
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

  @Post("/test")
  @ApiResponse(responseCode = "200", description = "What the receiver answered (delivered false when it failed: the answer says how)")
  @Operation(operationId = "testWebhook", summary = "Send a signed webhook.test event to an agent's completion webhook now",
      description = "Signed like every delivery (Parley-Signature with the agent's current secret, Parley-Event-Id), sent once "
          + "under the outbound address policy, not queued, retried or stored. 409 no_webhook when the agent has none.")
  public TestResult test(HttpRequest<?> request, @Body TestRequest body) {
    UUID agentId = Ids.parse("agent_id", body.agentId());
    if (agentId == null) throw new InvalidValueException("agent_id", "agent_id is required");
    var outcome = testWebhook.send(Caller.tenant(request), agentId);
    var a = outcome.attempt();
    return new TestResult(outcome.eventId().toString(), SendTestWebhookUseCase.TEST_EVENT, outcome.url(), outcome.delivered(),
        a.at(), a.statusCode(), a.durationMs(), a.error());
  }

  private static WebhookOutbox.Status status(String value) {
    if (value == null) return null;
    for (WebhookOutbox.Status s : WebhookOutbox.Status.values())
      if (s.name().toLowerCase(Locale.ROOT).equals(value)) return s;
    throw new InvalidValueException("status", "status must be one of pending, delivered, dead");
  }
}
