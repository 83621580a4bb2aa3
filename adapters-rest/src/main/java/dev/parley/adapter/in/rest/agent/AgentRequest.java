package dev.parley.adapter.in.rest.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.common.InvalidValueException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;

/**
 * The body of POST and PUT /api/v1/agents: the agent document, plus the read-only fields an agent is read with, so
 * that what GET answers can be sent back as it is. Those are ignored; only an id that is not the agent's own is
 * refused. Other unknown fields are still refused.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
@Schema(requiredProperties = {"name"}, description = "An agent document (PRODUCT.md section 3). Secrets are accepted and never returned; unknown fields "
    + "are refused (400 naming them). The read-only fields of an agent as read (id, created_at, updated_at, has_secret) "
    + "may be sent back and are ignored.",
    example = "{\"name\": \"Support bot\", \"prompt\": \"You help {{customerName}} on {{channel}}.\", "
        + "\"greeting\": \"Hello {{customerName}}, how can I help?\", \"model\": {\"provider\": \"scripted\"}, "
        + "\"script\": {\"rules\": [{\"match\": \"(?i)\\\\bbye\\\\b\", \"reply\": \"Goodbye!\", \"finish\": true}], "
        + "\"fallback\": \"You said: {{last_user_message}}\"}, \"default_ttl_seconds\": 3600}")
public record AgentRequest(
    @JsonUnwrapped @Nullable AgentDocumentDto document,
    @Schema(readOnly = true, format = "uuid", description = "Read-only: on PUT it must be the agent's own id (or left out); ignored on POST") @Nullable String id,
    @Schema(readOnly = true, format = "date-time", description = "Read-only, server-owned: ignored") @Nullable String createdAt,
    @Schema(readOnly = true, format = "date-time", description = "Read-only, server-owned: ignored") @Nullable String updatedAt) {

  /** The definition of a new agent: a read-only id sent along names some other agent and is ignored. */
  public AgentDefinition toDefinition() {
    return (document == null ? AgentDocumentDto.EMPTY : document)
        .toDefinition();
  }

  /** The new definition of the agent {@code agentId}: a read-only id sent back must be that agent's own. */
  public AgentDefinition toDefinition(UUID agentId) {
    if (id != null && !id.equalsIgnoreCase(agentId.toString()))
      throw new InvalidValueException("id", "id is read-only: it must be this agent's id or left out");
    return toDefinition();
  }
}
