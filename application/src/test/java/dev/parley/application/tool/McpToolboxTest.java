package dev.parley.application.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.McpServer;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.agent.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The toolbox's own rules, over a recording port (the real server is McpToolsTest's). */
class McpToolboxTest {
  private final List<String> calls = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final McpTools recording = new McpTools() {
    @Override
    public List<McpTool> list(McpServer server) {
      if (server.name().equals("down")) throw new McpUnavailableException("connection refused", null);
      return List.of(new McpTool("get-sum", "Adds", Map.of("type", "object")), new McpTool("echo", "", Map.of()),
          new McpTool("x".repeat(70), "too long a name", Map.of()));
    }

    @Override
    public Map<String, Object> call(McpServer server, String tool, Map<String, Object> arguments) {
      calls.add(server.name() + ":" + tool + ":" + arguments);
      return Map.of("text", "ok", "is_error", false);
    }
  };
  private final McpToolbox toolbox = new McpToolbox(recording, problems::add);

  private static AgentDefinition agent(ModelSettings model, McpServer... servers) {
    return new AgentDefinition("a", "p", null, model, null,
        List.of(new ToolDefinition("own", "", null, new ToolDefinition.ToolWebhook("https://t.example.com", 1000))),
        null, List.of(), null, null, null, List.of(servers));
  }

  private static final ModelSettings OPENAI = new ModelSettings("openai", "m", null, null, null);

  @Test
  void a_model_agent_sees_allowed_tools_as_server__tool_with_safe_characters() {
    McpServer everything = new McpServer("everything", "https://m.example.com/mcp", null, List.of("get-sum"), false);
    McpServer down = new McpServer("down", "https://d.example.com/mcp", null, null, false);
    AgentDefinition seen = toolbox.withTools(agent(OPENAI, everything, down));
    assertThat(seen.tools()).extracting(ToolDefinition::name).containsExactly("own", "everything__get_sum");
    assertThat(seen.tool("everything__get_sum").orElseThrow().description()).isEqualTo("Adds");
    assertThat(problems).singleElement().asString().contains("down").contains("connection refused");
  }

  @Test
  void a_scripted_agent_lists_nothing_up_front_and_its_calls_map_back_to_the_servers_own_names() {
    McpServer everything = new McpServer("everything", "https://m.example.com/mcp", null, null, false);
    AgentDefinition scripted = agent(ModelSettings.SCRIPTED, everything);
    assertThat(toolbox.withTools(scripted)).isSameAs(scripted);
    assertThat(toolbox.call(scripted, "everything__get_sum", Map.of("a", 1))).contains(Map.of("text", "ok", "is_error", false));
    assertThat(calls).containsExactly("everything:get-sum:{a=1}");
    assertThat(toolbox.call(scripted, "own", Map.of())).isEmpty();
    assertThat(toolbox.call(scripted, "everything__nope", Map.of()).orElseThrow())
        .isEqualTo(Map.of("error", "unknown tool everything__nope"));
    assertThat(toolbox.call(scripted, "everything__echo", "not an object").orElseThrow()).asString().contains("object");
  }
}
