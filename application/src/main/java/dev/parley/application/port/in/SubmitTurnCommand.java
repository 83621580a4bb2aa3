package dev.parley.application.port.in;

import dev.parley.domain.common.InvalidValueException;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Inbound port: one user turn on a stateful session. Refuses at construction what is wrong whatever the
 * configuration (no chat, no content); the configured bounds (size, additional data) are the use case's.
 * {@code onBusy} ({@code enqueue}, {@code reject} or {@code interrupt}; null: the agent's {@code busy_policy}) says
 * what happens while another turn runs.
 */
public record SubmitTurnCommand(UUID tenantId, UUID chatId, String content, String idempotencyKey,
                                Map<String, Object> additionalData, String onBusy) {
  public SubmitTurnCommand(UUID tenantId, UUID chatId, String content, String idempotencyKey,
                           Map<String, Object> additionalData) {
    this(tenantId, chatId, content, idempotencyKey, additionalData, null);
  }

  public SubmitTurnCommand {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(chatId, "chatId");
    if (content == null || content.isBlank()) throw new InvalidValueException("content", "content must not be empty");
  }
}
