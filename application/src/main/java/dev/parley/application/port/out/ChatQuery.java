package dev.parley.application.port.out;

import java.time.Instant;
import java.util.UUID;

/** Filters of the session list (the hosted system's query parameters, plus user id). */
public record ChatQuery(
    UUID tenantId, String state, UUID agentId, String channel, String userId, Instant updatedAfter,
    int skip, int take, boolean includeMessages) {}
