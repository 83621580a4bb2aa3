package dev.parley.domain.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.domain.common.InvalidValueException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpServerTest {
  private static final String URL = "https://mcp.example.com/mcp";

  @Test
  void a_server_owns_the_names_prefixed_by_its_own_and_two_underscores() {
    McpServer crm = new McpServer("crm", URL, null, null, false);
    assertThat(crm.owns("crm__find")).isTrue();
    assertThat(crm.owns("crm__")).isFalse();
    assertThat(crm.owns("crm_find")).isFalse();
    assertThat(crm.owns("crmx__find")).isFalse();
    assertThat(crm.allows("anything")).isTrue();
    assertThat(new McpServer("crm", URL, null, List.of("find"), false).allows("delete")).isFalse();
  }

  @Test
  void names_urls_headers_and_allowed_tools_are_bounded_and_named_in_errors() {
    assertField(() -> new McpServer("two__parts", URL, null, null, false), "mcp_servers.name");
    assertField(() -> new McpServer("x".repeat(33), URL, null, null, false), "mcp_servers.name");
    assertField(() -> new McpServer("crm", "ftp://x/mcp", null, null, false), "mcp_servers.url");
    assertField(() -> new McpServer("crm", "https://x/" + "a".repeat(2048), null, null, false), "mcp_servers.url");
    assertField(() -> new McpServer("crm", URL, Map.of("Mcp-Session-Id", "x"), null, false), "mcp_servers.headers");
    assertField(() -> new McpServer("crm", URL, Map.of("X-Key", "a\r\nInjected: 1"), null, false), "mcp_servers.headers");
    assertField(() -> new McpServer("crm", URL, Map.of("X-Key", "v".repeat(4097)), null, false), "mcp_servers.headers");
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 17; i++) many.put("X-H" + i, "v");
    assertField(() -> new McpServer("crm", URL, many, null, false), "mcp_servers.headers");
    assertField(() -> new McpServer("crm", URL, null, List.of("bad name"), false), "mcp_servers.allowed_tools");
  }

  @Test
  void a_server_requires_approval_for_all_its_tools_or_for_those_it_names_by_their_own_names() {
    McpServer all = new McpServer("crm", URL, null, null, true);
    assertThat(all.requiresApproval("crm__find")).isTrue();
    McpServer some = new McpServer("crm", URL, null, null, false, java.util.List.of("open-ticket"));
    assertThat(some.requiresApproval("crm__open_ticket")).as("the name the model sees").isTrue();
    assertThat(some.requiresApproval("crm__find")).isFalse();
    assertThat(new McpServer("crm", URL, null, null, false).requiresApproval("crm__open_ticket")).isFalse();
    assertField(() -> new McpServer("crm", URL, null, null, false, java.util.List.of("bad name")), "mcp_servers.approval_tools");
  }

  @Test
  void header_values_never_show_in_its_string_form() {
    McpServer server = new McpServer("crm", URL, Map.of("Authorization", "Bearer top-secret"), null, true);
    assertThat(server.toString()).contains("Authorization").doesNotContain("top-secret");
  }

  @Test
  void an_agent_accepts_rules_calling_its_mcp_tools_and_refuses_duplicate_servers() {
    ScriptRule rule = new ScriptRule("x", new ScriptRule.ToolInvocation("crm__find", Map.of()), "ok", false);
    McpServer crm = new McpServer("crm", URL, null, null, false);
    AgentDefinition agent = new AgentDefinition("a", null, null, null, new Script(List.of(rule), null), List.of(), null,
        List.of(), null, null, null, List.of(crm));
    assertThat(agent.mcpServer("crm__find")).contains(crm);
    assertThat(agent.withTools(List.of()).mcpServers()).containsExactly(crm);
    assertField(() -> new AgentDefinition("a", null, null, null, new Script(List.of(rule), null), List.of(), null,
        List.of(), null, null, null, List.of()), "script.rules.tool.name");
    assertField(() -> new AgentDefinition("a", null, null, null, null, List.of(), null, List.of(), null, null, null,
        List.of(crm, crm)), "mcp_servers.name");
  }

  private static void assertField(Runnable action, String field) {
    assertThatThrownBy(action::run).isInstanceOf(InvalidValueException.class)
        .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo(field));
  }
}
