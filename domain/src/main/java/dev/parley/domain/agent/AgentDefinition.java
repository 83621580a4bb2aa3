package dev.parley.domain.agent;

import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.Ttl;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What an agent is: its prompt, greeting, model, script, tools, completion webhook and defaults. */
public record AgentDefinition(
    String name,
    String prompt,
    String greeting,
    ModelSettings model,
    Script script,
    List<ToolDefinition> tools,
    CompletionWebhook completionWebhook,
    List<AnalysisField> analysisFields,
    Integer defaultTtlSeconds) {

  public static final int MAX_TOOLS = 64;

  public AgentDefinition {
    InvalidValueException.requireNonBlank("name", name);
    if (name.length() > 200) throw new InvalidValueException("name", "name must be at most 200 characters");
    model = model == null ? ModelSettings.SCRIPTED : model;
    script = script == null ? Script.EMPTY : script;
    tools = tools == null ? List.of() : List.copyOf(tools);
    analysisFields = analysisFields == null ? List.of() : List.copyOf(analysisFields);
    if (tools.size() > MAX_TOOLS) throw new InvalidValueException("tools", "an agent has at most " + MAX_TOOLS + " tools");
    Set<String> names = new HashSet<>();
    for (ToolDefinition tool : tools) {
      if (!names.add(tool.name())) throw new InvalidValueException("tools.name", "tool name '" + tool.name() + "' is declared twice");
    }
    if (defaultTtlSeconds != null) new Ttl(defaultTtlSeconds);
    for (ScriptRule rule : script.rules()) {
      if (rule.tool() != null && !names.contains(rule.tool().name())
          && !rule.tool().name().equals(ToolDefinition.FINISH_THE_CONVERSATION))
        throw new InvalidValueException("script.rules.tool.name", "rule calls tool '" + rule.tool().name() + "' which is not declared in tools");
    }
  }

  /**
   * Whether a turn must show the agent the chat's transcript. A scripted agent answers from the current turn alone
   * (the user's message and the tool calls after it), so its turns skip reading a transcript that grows with the chat.
   */
  public boolean readsTranscript() {
    return !model.isScripted();
  }

  public java.util.Optional<ToolDefinition> tool(String toolName) {
    return tools.stream().filter(t -> t.name().equals(toolName)).findFirst();
  }
}
