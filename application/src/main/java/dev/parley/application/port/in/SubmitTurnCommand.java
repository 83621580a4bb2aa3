package dev.parley.application.port.in;

import java.util.Map;
import java.util.UUID;

/**
 * Inbound port: one user turn on a stateful session. {@code onBusy} ({@code enqueue}, {@code reject} or
 * {@code interrupt}; null: the agent's {@code busy_policy}) says what happens while another turn runs.
 */
public record SubmitTurnCommand(UUID tenantId, UUID chatId, String content, String idempotencyKey,
                                Map<String, Object> additionalData, String onBusy) {
  public SubmitTurnCommand(UUID tenantId, UUID chatId, String content, String idempotencyKey,
                           Map<String, Object> additionalData) {
    this(tenantId, chatId, content, idempotencyKey, additionalData, null);
  }
}
