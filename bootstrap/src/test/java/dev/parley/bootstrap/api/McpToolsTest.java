package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.ToolCallingModel;
import dev.parley.bootstrap.support.McpReferenceServer;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.WebhookReceiver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MCP tools against the reference MCP server from npm, started on a loopback port (docs/mcp.md). */
class McpToolsTest extends ApiTestBase {
  private McpReferenceServer everything;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.mcp.timeout", "3s");
  }
  private final WebhookReceiver receiver = new WebhookReceiver();

  @BeforeAll
  void startMcpServer() {
    everything = new McpReferenceServer();
  }

  @AfterAll
  void stopMcpServer() {
    if (everything != null) everything.close();
    receiver.close();
  }

  private Map<String, Object> mcpAgent() {
    Map<String, Object> agent = new HashMap<>();
    agent.put("name", "MCP bot");
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", List.of(
        rule("(?i)pickysum", "picky__get_sum", Map.of("a", 1, "b", 1), "{{tool.picky__get_sum.text}}"),
        rule("(?i)pickyecho", "picky__echo", Map.of("message", "y"), "Picky: {{tool.picky__echo.text}}"),
        rule("(?i)echo", "everything__echo", Map.of("message", "hello mcp"), "Echoed: {{tool.everything__echo.text}}"),
        rule("(?i)sum", "everything__get_sum", Map.of("a", 2, "b", 3), "{{tool.everything__get_sum.text}}"),
        rule("(?i)weather", "everything__get_structured_content", Map.of("location", "Chicago"),
            "It is {{tool.everything__get_structured_content.structured.conditions}}"),
        rule("(?i)broken", "everything__get_sum", Map.of("a", "not a number"), "Error: {{tool.everything__get_sum.is_error}}"),
        rule("(?i)hidden", "everything__get_env", Map.of(), "{{tool.everything__get_env.error}}"),
        rule("(?i)guarded", "guarded__echo", Map.of("message", "x"), "{{tool.guarded__echo.error}}"),
        rule("(?i)slow", "everything__trigger_long_running_operation", Map.of("duration", 6, "steps", 1), "done")),
        "fallback", "?"));
    agent.put("mcp_servers", List.of(
        Map.of("name", "everything", "url", everything.url(), "headers", Map.of("X-Api-Token", "mcp-header-secret-1"),
            "allowed_tools", List.of("echo", "get-sum", "get-structured-content", "trigger-long-running-operation")),
        Map.of("name", "guarded", "url", everything.url(), "requires_approval", true),
        Map.of("name", "picky", "url", everything.url(), "approval_tools", List.of("get-sum"))));
    return agent;
  }

  private static Map<String, Object> rule(String match, String tool, Map<String, Object> arguments, String reply) {
    return Map.of("match", match, "tool", Map.of("name", tool, "arguments", arguments), "reply", reply);
  }

  private List<Object> say(String chat, String content) {
    HttpJson.Response answer = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", content));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return asList(answer.json().get("messages"));
  }

  private static Map<String, Object> toolResponse(List<Object> messages) {
    return asMap(asMap(asList(asMap(messages.get(0)).get("tool_calls")).get(0)).get("response"));
  }

  @Test
  void mcp_servers_are_stored_with_write_only_headers_and_kept_on_update() {
    HttpJson.Response created = http.post("/api/v1/agents", mcpAgent());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain("mcp-header-secret-1");
    Map<String, Object> server = asMap(asList(created.json().get("mcp_servers")).get(0));
    assertThat(server).containsEntry("name", "everything").containsEntry("url", everything.url())
        .containsEntry("header_names", List.of("X-Api-Token")).containsEntry("requires_approval", false);
    assertThat(asMap(asList(created.json().get("mcp_servers")).get(2))).containsEntry("approval_tools", List.of("get-sum"));
    String id = (String) created.json().get("id");
    assertThat(http.get("/api/v1/agents/" + id).body()).doesNotContain("mcp-header-secret-1").contains("header_names");

    // An update without headers keeps them: the server still gets the token (checked below against a recorder).
    Map<String, Object> recorded = mcpAgent();
    recorded.put("mcp_servers", List.of(Map.of("name", "everything", "url", receiver.url("/mcp"),
        "headers", Map.of("X-Api-Token", "mcp-header-secret-2"))));
    recorded.put("script", Map.of("rules", List.of(rule("(?i)echo", "everything__echo", Map.of(), "{{tool.everything__echo.error}}"))));
    String recorderId = (String) http.post("/api/v1/agents", recorded).json().get("id");
    recorded.put("mcp_servers", List.of(Map.of("name", "everything", "url", receiver.url("/mcp"))));
    assertThat(http.put("/api/v1/agents/" + recorderId, recorded).status()).isEqualTo(200);
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", recorderId)).json().get("id");
    List<Object> failed = say(chat, "echo");
    assertThat(toolResponse(failed)).containsKey("error"); // the recorder is no MCP server
    WebhookReceiver.Received first = receiver.requestsTo("/mcp").get(0);
    assertThat(first.header("X-Api-Token")).isEqualTo("mcp-header-secret-2");
    assertThat(first.text()).contains("\"initialize\"");
  }

  @Test
  void invalid_mcp_servers_are_refused_naming_the_field() {
    Map<String, Object> badName = mcpAgent();
    badName.put("mcp_servers", List.of(Map.of("name", "two__parts", "url", everything.url())));
    HttpJson.Response refused = http.post("/api/v1/agents", badName);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json()).containsEntry("field", "/mcp_servers/name");

    Map<String, Object> metadata = mcpAgent();
    metadata.put("mcp_servers", List.of(Map.of("name", "meta", "url", "http://169.254.169.254/mcp")));
    metadata.put("script", Map.of("rules", List.of()));
    HttpJson.Response ssrf = http.post("/api/v1/agents", metadata);
    assertThat(ssrf.status()).isEqualTo(400);
    assertThat(ssrf.json()).containsEntry("field", "/mcp_servers/url");
    Misuse.record("mcp-server-url", "POST /api/v1/agents with mcp_servers[0].url http://169.254.169.254/mcp",
        ssrf.status() + " field " + ssrf.json().get("field"));

    Map<String, Object> reserved = mcpAgent();
    reserved.put("mcp_servers", List.of(Map.of("name", "x", "url", everything.url(), "headers", Map.of("Host", "evil"))));
    reserved.put("script", Map.of("rules", List.of()));
    assertThat(http.post("/api/v1/agents", reserved).json()).containsEntry("field", "/mcp_servers/headers");

    Map<String, Object> undeclared = mcpAgent();
    undeclared.put("script", Map.of("rules", List.of(rule("x", "nowhere__echo", Map.of(), "x"))));
    assertThat(http.post("/api/v1/agents", undeclared).json()).containsEntry("field", "/script/rules/tool/name");
  }

  @Test
  void scripted_rules_call_mcp_tools_and_a_restarted_server_is_reached_again_mid_chat() {
    String id = (String) http.post("/api/v1/agents", mcpAgent()).json().get("id");
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", id)).json().get("id");

    List<Object> echo = say(chat, "echo please");
    assertThat(toolResponse(echo)).containsEntry("text", "Echo: hello mcp").containsEntry("is_error", false);
    assertThat(asMap(echo.get(1))).containsEntry("content", "Echoed: Echo: hello mcp");

    assertThat(asMap(say(chat, "sum").get(1)).get("content").toString()).contains("5");

    List<Object> weather = say(chat, "weather");
    assertThat(asMap(toolResponse(weather).get("structured"))).containsEntry("conditions", "Light rain / drizzle");
    assertThat(asMap(weather.get(1))).containsEntry("content", "It is Light rain / drizzle");

    List<Object> broken = say(chat, "broken");
    assertThat(toolResponse(broken)).containsEntry("is_error", true).containsKey("error");
    assertThat(asMap(broken.get(1))).containsEntry("content", "Error: true");

    // Not in allowed_tools: never called.
    assertThat(toolResponse(say(chat, "hidden"))).containsEntry("error", "unknown tool everything__get_env");
    // requires_approval: the turn waits for a person; approved, the call runs on the server.
    HttpJson.Response paused = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "guarded"));
    assertThat(asList(paused.json().get("messages"))).isEmpty();
    Map<String, Object> pending = asMap(paused.json().get("pending_approval"));
    assertThat(pending).containsEntry("tool", "guarded__echo").containsEntry("arguments", Map.of("message", "x"));
    HttpJson.Response approved = http.post("/api/v1/chats/" + chat + "/approvals/" + pending.get("id"), Map.of("decision", "approve"));
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(toolResponse(asList(approved.json().get("messages")))).containsEntry("text", "Echo: x");
    // approval_tools: only the named tools of the server wait (by the server's own name, get-sum); the others run.
    assertThat(toolResponse(say(chat, "pickyecho"))).containsEntry("text", "Echo: y");
    HttpJson.Response picky = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "pickysum"));
    assertThat(asMap(picky.json().get("pending_approval"))).containsEntry("tool", "picky__get_sum");
    HttpJson.Response denied = http.post("/api/v1/chats/" + chat + "/approvals/" + asMap(picky.json().get("pending_approval")).get("id"),
        Map.of("decision", "deny"));
    assertThat(toolResponse(asList(denied.json().get("messages")))).containsEntry("error", "the call was denied by a person");

    // A call that times out is not sent again (the server may still be running it): one error, at the time-out.
    long started = System.nanoTime();
    assertThat(toolResponse(say(chat, "slow")).get("error").toString()).contains("did not answer within 3000 ms");
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));

    everything.restart(); // the server forgets every session
    List<Object> again = say(chat, "echo again");
    assertThat(toolResponse(again)).containsEntry("text", "Echo: hello mcp");
    assertThat(asMap(again.get(1))).containsEntry("content", "Echoed: Echo: hello mcp");
  }

  @Test
  void a_model_sees_the_allowed_mcp_tools_by_prefixed_name_and_calls_them() throws Exception {
    try (ToolCallingModel model = ToolCallingModel.start("everything__echo", Map.of("message", "from the model"), "Done.")) {
      List<String> requests = model.requests();
      Map<String, Object> agent = mcpAgent();
      agent.remove("script");
      agent.put("prompt", "You are a test.");
      agent.put("model", model.agentModel("test-model"));
      String id = (String) http.post("/api/v1/agents", agent).json().get("id");
      String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", id)).json().get("id");
      List<Object> messages = say(chat, "hi");
      assertThat(toolResponse(messages)).containsEntry("text", "Echo: from the model");
      assertThat(asMap(messages.get(1))).containsEntry("content", "Done.");
      assertThat(requests.get(0)).contains("\"everything__echo\"").contains("\"everything__get_sum\"")
          .contains("\"everything__get_structured_content\"").doesNotContain("everything__get_env");
      assertThat(requests.get(1)).contains("Echo: from the model");
    }
  }
}
