package dev.parley.application.port.in;

import dev.parley.application.policy.WireNames;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.BusyPolicy;
import dev.parley.domain.session.Message;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Inbound port: one user turn on a stateful session. Refuses at construction what is wrong whatever the
 * configuration (no chat, no content, text PostgreSQL cannot hold, an unknown {@code on_busy}, an idempotency key
 * over {@value #MAX_IDEMPOTENCY_KEY_CHARS} characters); the configured bounds (size, additional data) are the use
 * case's. {@code onBusy} ({@code enqueue}, {@code reject} or {@code interrupt}; null: the agent's
 * {@code busy_policy}) says what happens while another turn runs.
 */
public record SubmitTurnCommand(UUID tenantId, UUID chatId, String content, String idempotencyKey,
                                Map<String, Object> additionalData, String onBusy) {
  public static final int MAX_IDEMPOTENCY_KEY_CHARS = 128;

  public SubmitTurnCommand(UUID tenantId, UUID chatId, String content, String idempotencyKey,
                           Map<String, Object> additionalData) {
    this(tenantId, chatId, content, idempotencyKey, additionalData, null);
  }

  public SubmitTurnCommand {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(chatId, "chatId");
    if (content == null || content.isBlank()) throw new InvalidValueException("content", "content must not be empty");
    if (onBusy != null) WireNames.busyPolicy("on_busy", onBusy);
    if (idempotencyKey != null && idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_CHARS)
      throw new InvalidValueException("idempotency_key", "idempotency_key must be at most " + MAX_IDEMPOTENCY_KEY_CHARS + " characters");
    Message.requireStorable(content);
  }
}
