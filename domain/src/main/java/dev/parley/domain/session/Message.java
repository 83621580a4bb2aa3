package dev.parley.domain.session;

import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.common.StorableJson;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a transcript. An assistant tool-turn bundles its tool calls with their responses. {@code author} names
 * the person who wrote an operator message (null otherwise); {@code interrupted} marks what a turn had said when it
 * was stopped (cancelled, or interrupted by a newer message). A message a model wrote carries the {@code usage} of
 * the call that wrote it and the {@code model} that answered (null otherwise).
 */
public record Message(Role role, String content, List<ToolCall> toolCalls, Instant time, Author author, boolean interrupted,
                      Usage usage, String model) {
  /** The operator who wrote a message: the integrator's id for them and the name the end user sees. */
  public record Author(String id, String name) {
    public static final int MAX_CHARS = 200;

    public Author {
      InvalidValueException.requireNonBlank("operator.name", name);
      if (name.length() > MAX_CHARS) throw new InvalidValueException("operator.name", "operator.name must be at most " + MAX_CHARS + " characters");
      if (id != null && id.length() > MAX_CHARS) throw new InvalidValueException("operator.id", "operator.id must be at most " + MAX_CHARS + " characters");
      StorableJson.requireText("/operator/name", name);
      if (id != null) StorableJson.requireText("/operator/id", id);
    }
  }

  public Message(Role role, String content, List<ToolCall> toolCalls, Instant time) {
    this(role, content, toolCalls, time, null, false, null, null);
  }

  public Message {
    if (role == Role.OPERATOR && author == null) throw new InvalidValueException("operator", "an operator message names its operator");
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

  public static Message operator(String content, Author author, Instant time) {
    return new Message(Role.OPERATOR, content, List.of(), time, author, false, null, null);
  }

  /** This message as what a stopped turn had said so far. */
  public Message markInterrupted() {
    return new Message(role, content, toolCalls, time, author, true, usage, model);
  }

  /** How the agent sees this message in its history: an operator spoke for it, so as an assistant turn. */
  public Message asSeenByAgent() {
    return role == Role.OPERATOR ? new Message(Role.ASSISTANT, content, toolCalls, time) : this;
  }

  /** This message with the usage and model of the model call that wrote it. */
  public Message metered(Usage usage, String model) {
    return new Message(role, content, toolCalls, time, author, interrupted, usage, model);
  }

  public boolean isToolTurn() {
    return !toolCalls.isEmpty();
  }
}
