package dev.parley.adapter.in.rest.apikey;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.parley.application.policy.ApiKeyScope;
import dev.parley.application.port.in.ManageApiKeysUseCase.IssueKeyCommand;
import dev.parley.domain.session.Message;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of key creation, by the operator API and by the tenant's own admin key alike. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
@Schema(name = "CreateApiKeyRequest")
public record CreateApiKeyRequest(
    @Schema(description = "A name for people (at most 200 characters)") @Nullable String label,
    @Schema(description = "admin (default): everything of the tenant; operator: conversations and their control; read: GET only",
        allowableValues = {"admin", "operator", "read"}) @Nullable String scope,
    @Schema(description = "Only for scope operator: the person the key speaks as. Operator messages sent with the key "
        + "carry this identity; a different one in their body is refused (403 operator_mismatch).") @Nullable KeyOperator operator) {

  /** The person an operator key speaks as: the integrator's id for them (optional) and the name users see. */
  @Serdeable
  @JsonIgnoreProperties(ignoreUnknown = false)
  @Schema(name = "ApiKeyOperator", nullable = true)
  public record KeyOperator(@Nullable String id, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String name) {}

  /** The use case's command; an absent body is an admin key without a label. */
  public static IssueKeyCommand command(@Nullable CreateApiKeyRequest body) {
    if (body == null) return new IssueKeyCommand(null, ApiKeyScope.ADMIN, null);
    KeyOperator who = body.operator();
    return new IssueKeyCommand(body.label(), ApiKeyScope.parse("scope", body.scope()),
        who == null ? null : new Message.Author(who.id(), who.name()));
  }
}
