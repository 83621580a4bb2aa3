package dev.parley.domain.session;

import dev.parley.domain.common.InvalidValueException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A tool call that waits for a person's decision before it runs (a tool with {@code requires_approval}). Decided
 * once: approved (the tool runs) or denied (the model is told so); one still pending when its chat ends is
 * cancelled with it.
 */
public record ToolApproval(UUID id, UUID chatId, ToolCall call, Status status, String reason, Instant requestedAt,
                           Instant decidedAt) {
  public static final int MAX_REASON_CHARS = 2000;

  public enum Status {
    PENDING, APPROVED, DENIED, CANCELLED
  }

  /** A person's answer. */
  public enum Decision {
    APPROVE, DENY
  }

  public ToolApproval {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(status, "status");
  }

  public static ToolApproval request(UUID id, UUID chatId, ToolCall call, Instant now) {
    return new ToolApproval(id, chatId, call, Status.PENDING, null, now, null);
  }

  /** The decision, once: a decided (or cancelled) approval refuses a second one. */
  public ToolApproval decide(Decision decision, String reason, Instant now) {
    if (status != Status.PENDING)
      throw new InvalidTransitionException("approval_decided", "approval " + id + " was already " + status.name().toLowerCase(Locale.ROOT));
    if (reason != null && reason.length() > MAX_REASON_CHARS)
      throw new InvalidValueException("reason", "reason must be at most " + MAX_REASON_CHARS + " characters");
    return new ToolApproval(id, chatId, call, decision == Decision.APPROVE ? Status.APPROVED : Status.DENIED, reason,
        requestedAt, now);
  }

  /** The chat ended while this waited. */
  public ToolApproval cancel(Instant now) {
    if (status != Status.PENDING) return this;
    return new ToolApproval(id, chatId, call, Status.CANCELLED, "the chat ended", requestedAt, now);
  }

  public boolean isPending() {
    return status == Status.PENDING;
  }

  /** What the model is told when the call was denied (the tool did not run). */
  public Map<String, Object> deniedResult() {
    return reason == null || reason.isBlank() ? Map.of("error", "the call was denied by a person")
        : Map.of("error", "the call was denied by a person", "reason", reason);
  }
}
