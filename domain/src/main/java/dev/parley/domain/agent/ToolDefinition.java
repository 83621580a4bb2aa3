package dev.parley.domain.agent;

import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.common.StorableJson;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A tool the agent may call: a server tool backed by an HTTP webhook, or a client tool run by the web client. A tool
 * that {@code requiresApproval} runs only once a person approved the call (the turn waits for the decision).
 */
public record ToolDefinition(String name, String description, Map<String, Object> parameters, ToolWebhook webhook,
                             boolean requiresApproval) {
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
  public static final String FINISH_THE_CONVERSATION = "finishTheConversation";
  /** Built in: the agent asks for a person to take the conversation over (the chat's mode becomes human). */
  public static final String TRANSFER_TO_HUMAN = "transferToHuman";

  /** Whether {@code toolName} is one of the built-in tools every agent has. */
  public static boolean isBuiltIn(String toolName) {
    return FINISH_THE_CONVERSATION.equals(toolName) || TRANSFER_TO_HUMAN.equals(toolName);
  }

  public ToolDefinition(String name, String description, Map<String, Object> parameters, ToolWebhook webhook) {
    this(name, description, parameters, webhook, false);
  }

  public ToolDefinition {
    InvalidValueException.requireNonBlank("tools.name", name);
    if (!NAME.matcher(name).matches() || name.length() > 64)
      throw new InvalidValueException("tools.name", "tool name '" + name + "' must match ^[a-zA-Z_][a-zA-Z0-9_]*$ (at most 64 characters)");
    parameters = parameters == null ? Map.of("type", "object") : parameters;
    StorableJson.requireValue("/tools/parameters", parameters); // stored as JSON: no lone surrogate, no Infinity
    Object type = parameters.get("type");
    if (type != null && !(type instanceof String))
      throw new InvalidValueException("tools.parameters", "tool '" + name + "': parameters.type must be a string");
    if (parameters.containsKey("properties") && !(parameters.get("properties") instanceof Map))
      throw new InvalidValueException("tools.parameters", "tool '" + name + "': parameters.properties must be an object");
    description = description == null ? "" : description;
  }

  /** The HTTP endpoint that executes a server tool; requests are signed with {@code secret} when one is set. */
  public record ToolWebhook(String url, int timeoutMs, String secret) {
    public ToolWebhook(String url, int timeoutMs) {
      this(url, timeoutMs, null);
    }

    public ToolWebhook {
      HttpUrl.requireAbsoluteHttp("tools.webhook.url", url);
      if (timeoutMs <= 0) timeoutMs = 10_000;
      if (timeoutMs > 300_000) throw new InvalidValueException("tools.webhook.timeout_ms", "timeout_ms must be at most 300000");
    }
  }
}
