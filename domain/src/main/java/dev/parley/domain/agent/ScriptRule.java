package dev.parley.domain.agent;

import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.common.StorableJson;
import java.util.Map;

/**
 * One rule of a scripted agent: when {@code match} (an RE2 pattern) finds the user text, optionally call a tool,
 * then reply with a template and/or finish the conversation.
 */
public record ScriptRule(String match, ToolInvocation tool, String reply, boolean finish) {
  public ScriptRule {
    InvalidValueException.requireNonBlank("script.rules.match", match);
    if (match.length() > 2_000) throw new InvalidValueException("script.rules.match", "pattern must be at most 2000 characters");
    if (reply == null && tool == null && !finish)
      throw new InvalidValueException("script.rules", "a rule needs a reply, a tool or finish");
  }

  /** A tool call a rule makes, with fixed arguments. */
  public record ToolInvocation(String name, Map<String, Object> arguments) {
    public ToolInvocation {
      InvalidValueException.requireNonBlank("script.rules.tool.name", name);
      arguments = arguments == null ? Map.of() : arguments;
      StorableJson.requireValue("/script/rules/tool/arguments", arguments); // stored as JSON: no lone surrogate, no Infinity
    }
  }
}
