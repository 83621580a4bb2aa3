package dev.parley.application.tool;

import dev.parley.application.port.out.ToolExecutor;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.McpServer;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.common.InvalidValueException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An agent's MCP tools as the turn engine sees them: each server's allowed tools added to the agent's own as
 * {@code <server>__<tool>} (characters a tool name may not hold become {@code _}), and a call by that name sent to its
 * server. A server that cannot be listed leaves its tools out of that round instead of failing the turn.
 */
public final class McpToolbox {
  /** No MCP support wired: agents with MCP servers get an error result for every MCP call. */
  public static final McpToolbox NONE = new McpToolbox(null, problem -> {});

  private final McpTools tools;
  private final Consumer<String> problems;

  /** {@code problems} hears why a server's tools were left out (never with its headers). */
  public McpToolbox(McpTools tools, Consumer<String> problems) {
    this.tools = tools;
    this.problems = problems;
  }

  /** The agent with its MCP servers' tools added (up to {@link AgentDefinition#MAX_TOOLS} in all). */
  public AgentDefinition withTools(AgentDefinition agent) {
    // A scripted agent shows tools to no model: its rules name them, and a call lists the server then.
    if (tools == null || agent.mcpServers().isEmpty() || agent.model().isScripted()) return agent;
    List<ToolDefinition> all = new ArrayList<>(agent.tools());
    Set<String> names = new HashSet<>();
    all.forEach(t -> names.add(t.name()));
    for (McpServer server : agent.mcpServers()) {
      for (McpTools.McpTool tool : listed(server)) {
        if (all.size() >= AgentDefinition.MAX_TOOLS) break;
        String exposed = exposedName(server, tool.name());
        if (exposed == null || !server.allows(tool.name()) || !names.add(exposed)) continue;
        try {
          all.add(new ToolDefinition(exposed, tool.description(), tool.inputSchema(), null));
        } catch (InvalidValueException e) { // a schema we cannot store or show: leave that tool out
          problems.accept("MCP tool " + exposed + " left out: " + e.getMessage());
        }
      }
    }
    return agent.withTools(all);
  }

  /** The result of calling {@code exposedName}, or empty when no MCP server of the agent owns that name. */
  public Optional<Object> call(AgentDefinition agent, String exposedName, Object arguments) {
    Optional<McpServer> owner = agent.mcpServer(exposedName);
    if (owner.isEmpty()) return Optional.empty();
    McpServer server = owner.get();
    if (tools == null) return Optional.of(ToolExecutor.errorResult("tool " + exposedName + ": MCP tools are not enabled"));
    if (arguments != null && !(arguments instanceof Map<?, ?>))
      return Optional.of(ToolExecutor.errorResult("tool " + exposedName + " takes an object of arguments"));
    try {
      Optional<McpTools.McpTool> tool = tools.list(server).stream()
          .filter(t -> exposedName.equals(exposedName(server, t.name())) && server.allows(t.name())).findFirst();
      if (tool.isEmpty()) return Optional.of(ToolExecutor.errorResult("unknown tool " + exposedName));
      @SuppressWarnings("unchecked")
      Map<String, Object> args = arguments == null ? Map.of() : (Map<String, Object>) arguments;
      return Optional.of(tools.call(server, tool.get().name(), args));
    } catch (McpTools.McpUnavailableException e) {
      return Optional.of(ToolExecutor.errorResult("tool " + exposedName + " failed: " + e.getMessage()));
    }
  }

  /** {@code <server>__<tool>} with characters outside [a-zA-Z0-9_] as {@code _}; null past 64 characters. */
  public static String exposedName(McpServer server, String tool) {
    return server.exposedName(tool);
  }

  private List<McpTools.McpTool> listed(McpServer server) {
    try {
      return tools.list(server);
    } catch (McpTools.McpUnavailableException e) {
      problems.accept("MCP server " + server.name() + " left out of this round: " + e.getMessage());
      return List.of();
    }
  }
}
