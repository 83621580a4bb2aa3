package dev.parley.adapter.out.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A row of the tenants table. */
@MappedEntity("tenants")
public record TenantRow(@Id UUID id, String name, @Nullable UUID defaultAgentId, Instant createdAt) {}
