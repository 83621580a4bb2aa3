package dev.parley.domain.agent;

import java.time.Instant;
import java.util.UUID;

/** A tenant's agent: an id around a definition. A deleted agent keeps its sessions readable but opens no new ones. */
public record Agent(UUID id, UUID tenantId, AgentDefinition definition, Instant createdAt, Instant updatedAt, boolean deleted) {
  public Agent withDefinition(AgentDefinition newDefinition, Instant now) {
    return new Agent(id, tenantId, newDefinition, createdAt, now, deleted);
  }
}
