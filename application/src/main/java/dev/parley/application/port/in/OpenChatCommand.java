package dev.parley.application.port.in;

import java.util.Map;
import java.util.UUID;

/** Inbound port: what a client sends to open a chat (seed 01 and seed 04 fields together). */
public record OpenChatCommand(UUID tenantId, UUID agentId, String channel, Object externalId, Integer ttlSeconds,
                              Map<String, Object> additionalData, String userId, String title,
                              Map<String, Object> metadata) {}
