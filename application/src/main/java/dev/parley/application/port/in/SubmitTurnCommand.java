package dev.parley.application.port.in;

import java.util.Map;
import java.util.UUID;

/** Inbound port: one user turn on a stateful session. */
public record SubmitTurnCommand(UUID tenantId, UUID chatId, String content, String idempotencyKey,
                                Map<String, Object> additionalData) {}
