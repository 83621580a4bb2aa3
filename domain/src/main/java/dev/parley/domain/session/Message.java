package dev.parley.domain.session;

import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.common.StorableJson;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a transcript. An assistant tool-turn bundles its tool calls with their responses. A message a model
 * wrote carries the {@code usage} of the call that wrote it and the {@code model} that answered (null otherwise).
 */
public record Message(Role role, String content, List<ToolCall> toolCalls, Instant time, Usage usage, String model) {
  public Message(Role role, String content, List<ToolCall> toolCalls, Instant time) {
    this(role, content, toolCalls, time, null, null);
  }

  public Message {
    if (role == null) throw new InvalidValueException("role", "role is required");
    Objects.requireNonNull(time, "time");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    content = content == null ? "" : content;
    requireStorable(content);
  }

  /**
   * Text PostgreSQL cannot hold as it is (U+0000, a lone surrogate): refused as bad input instead of failing the
   * insert (a 500) or being stored as "?". Public so that a protocol adapter can refuse such a message before it
   * starts a turn.
   */
  public static void requireStorable(String content) {
    StorableJson.requireText("/content", content);
  }

  public static Message user(String content, Instant time) {
    return new Message(Role.USER, content, List.of(), time);
  }

  public static Message assistant(String content, Instant time) {
    return new Message(Role.ASSISTANT, content, List.of(), time);
  }

  public static Message toolTurn(List<ToolCall> calls, Instant time) {
    return new Message(Role.ASSISTANT, "", calls, time);
  }

  /** This message with the usage and model of the model call that wrote it. */
  public Message metered(Usage usage, String model) {
    return new Message(role, content, toolCalls, time, usage, model);
  }

  public boolean isToolTurn() {
    return !toolCalls.isEmpty();
  }
}
