package dev.parley.domain.agent;

import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.BusyPolicy;
import dev.parley.domain.session.Ttl;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an agent is: its prompt, greeting, model, script, tools, completion webhook and defaults.
 * {@code maxFailedTurns}: after this many turns in a row that could not be answered (the model failed) the chat ends
 * with reason {@code error}; null means {@link #DEFAULT_MAX_FAILED_TURNS}. {@code busyPolicy}: what a message does
 * while a turn runs on its chat (null: {@code enqueue}). {@code spendCaps}: caps on model usage (null: none).
 */
public record AgentDefinition(
    String name,
    String prompt,
    String greeting,
    ModelSettings model,
    Script script,
    List<ToolDefinition> tools,
    CompletionWebhook completionWebhook,
    List<AnalysisField> analysisFields,
    Integer defaultTtlSeconds,
    Integer maxFailedTurns,
    BusyPolicy busyPolicy,
    List<McpServer> mcpServers,
    SpendCaps spendCaps) {

  public static final int MAX_TOOLS = 64;
  public static final int DEFAULT_MAX_FAILED_TURNS = 3;
  public static final int MAX_MAX_FAILED_TURNS = 100;

  /** An agent with the default {@code max_failed_turns}. */
  public AgentDefinition(String name, String prompt, String greeting, ModelSettings model, Script script,
                         List<ToolDefinition> tools, CompletionWebhook completionWebhook, List<AnalysisField> analysisFields,
                         Integer defaultTtlSeconds) {
    this(name, prompt, greeting, model, script, tools, completionWebhook, analysisFields, defaultTtlSeconds, null);
  }

  /** An agent with the default busy policy ({@code enqueue}) and no MCP servers. */
  public AgentDefinition(String name, String prompt, String greeting, ModelSettings model, Script script,
                         List<ToolDefinition> tools, CompletionWebhook completionWebhook, List<AnalysisField> analysisFields,
                         Integer defaultTtlSeconds, Integer maxFailedTurns) {
    this(name, prompt, greeting, model, script, tools, completionWebhook, analysisFields, defaultTtlSeconds, maxFailedTurns,
        null, null);
  }

  /** An agent without spend caps. */
  public AgentDefinition(String name, String prompt, String greeting, ModelSettings model, Script script,
                         List<ToolDefinition> tools, CompletionWebhook completionWebhook, List<AnalysisField> analysisFields,
                         Integer defaultTtlSeconds, Integer maxFailedTurns, BusyPolicy busyPolicy, List<McpServer> mcpServers) {
    this(name, prompt, greeting, model, script, tools, completionWebhook, analysisFields, defaultTtlSeconds, maxFailedTurns,
        busyPolicy, mcpServers, null);
  }

  public AgentDefinition {
    spendCaps = spendCaps == null ? SpendCaps.NONE : spendCaps;
    InvalidValueException.requireNonBlank("name", name);
    if (name.length() > 200) throw new InvalidValueException("name", "name must be at most 200 characters");
    model = model == null ? ModelSettings.SCRIPTED : model;
    busyPolicy = busyPolicy == null ? BusyPolicy.ENQUEUE : busyPolicy;
    script = script == null ? Script.EMPTY : script;
    tools = tools == null ? List.of() : List.copyOf(tools);
    analysisFields = analysisFields == null ? List.of() : List.copyOf(analysisFields);
    mcpServers = mcpServers == null ? List.of() : List.copyOf(mcpServers);
    if (mcpServers.size() > McpServer.MAX_SERVERS)
      throw new InvalidValueException("mcp_servers", "an agent has at most " + McpServer.MAX_SERVERS + " MCP servers");
    Set<String> serverNames = new HashSet<>();
    for (McpServer server : mcpServers) {
      if (!serverNames.add(server.name()))
        throw new InvalidValueException("mcp_servers.name", "MCP server name '" + server.name() + "' is declared twice");
    }
    if (tools.size() > MAX_TOOLS) throw new InvalidValueException("tools", "an agent has at most " + MAX_TOOLS + " tools");
    Set<String> names = new HashSet<>();
    for (ToolDefinition tool : tools) {
      if (!names.add(tool.name())) throw new InvalidValueException("tools.name", "tool name '" + tool.name() + "' is declared twice");
    }
    if (defaultTtlSeconds != null) new Ttl(defaultTtlSeconds);
    if (maxFailedTurns != null && (maxFailedTurns < 1 || maxFailedTurns > MAX_MAX_FAILED_TURNS))
      throw new InvalidValueException("max_failed_turns", "max_failed_turns must be between 1 and " + MAX_MAX_FAILED_TURNS);
    for (ScriptRule rule : script.rules()) {
      if (rule.tool() != null && !names.contains(rule.tool().name())
          && !ToolDefinition.isBuiltIn(rule.tool().name()) && mcpServers.stream().noneMatch(s -> s.owns(rule.tool().name())))
        throw new InvalidValueException("script.rules.tool.name", "rule calls tool '" + rule.tool().name()
            + "' which is not declared in tools (nor named <mcp server>__<tool>)");
    }
  }

  /**
   * Whether a turn must show the agent the chat's transcript. A scripted agent answers from the current turn alone
   * (the user's message and the tool calls after it), so its turns skip reading a transcript that grows with the chat.
   */
  public boolean readsTranscript() {
    return !model.isScripted();
  }

  /** How many turns in a row may go unanswered before the chat ends with reason {@code error}. */
  public int failedTurnsLimit() {
    return maxFailedTurns == null ? DEFAULT_MAX_FAILED_TURNS : maxFailedTurns;
  }

  /** The MCP server a tool name as the model sees it ({@code <server>__<tool>}) belongs to, if any. */
  public java.util.Optional<McpServer> mcpServer(String toolName) {
    return mcpServers.stream().filter(s -> s.owns(toolName)).findFirst();
  }

  /** This definition with other tools (the same MCP servers and everything else). */
  public AgentDefinition withTools(List<ToolDefinition> otherTools) {
    return new AgentDefinition(name, prompt, greeting, model, script, otherTools, completionWebhook, analysisFields,
        defaultTtlSeconds, maxFailedTurns, busyPolicy, mcpServers, spendCaps);
  }

  public java.util.Optional<ToolDefinition> tool(String toolName) {
    return tools.stream().filter(t -> t.name().equals(toolName)).findFirst();
  }

  /** Whether a call of {@code toolName} waits for a person's approval: its MCP server's, else its own requires_approval. */
  public boolean requiresApproval(String toolName) {
    java.util.Optional<McpServer> server = mcpServer(toolName);
    if (server.isPresent()) return server.get().requiresApproval(toolName);
    return tool(toolName).map(ToolDefinition::requiresApproval).orElse(false);
  }
}
