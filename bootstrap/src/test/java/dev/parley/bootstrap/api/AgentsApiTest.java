package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.ToolCallingModel;
import dev.parley.bootstrap.support.WebhookReceiver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Agents over REST, and the turn engine driven through them (scripted rules, tools, templates, OpenAI wire format). */
class AgentsApiTest extends ApiTestBase {
  private final WebhookReceiver tools = new WebhookReceiver();

  @AfterAll
  void stopTools() {
    tools.close();
  }

  private Map<String, Object> supportBot() {
    Map<String, Object> agent = new HashMap<>();
    agent.put("name", "Support bot");
    agent.put("prompt", "You help {{customerName}} on {{channel}}.");
    agent.put("greeting", "Hello {{customerName}}, how can I help?");
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", List.of(
            Map.of("match", "(?i)order", "tool", Map.of("name", "lookupOrder", "arguments", Map.of("id", "42")),
                "reply", "Your order status: {{tool.lookupOrder.status}}"),
            Map.of("match", "(?i)\\bbye\\b", "reply", "Goodbye!", "finish", true),
            Map.of("match", "(?i)mystery", "reply", "Value: [{{not_defined}}]")),
        "fallback", "You said: {{last_user_message}}"));
    agent.put("tools", List.of(Map.of("name", "lookupOrder", "description", "Find an order",
        "parameters", Map.of("type", "object", "properties", Map.of("id", Map.of("type", "string"))),
        "webhook", Map.of("url", tools.url("/tools/lookupOrder"), "timeout_ms", 2000))));
    agent.put("completion_webhook", Map.of("url", tools.url("/hooks/completed"), "secret", "write-only-secret"));
    agent.put("default_ttl_seconds", 3600);
    return agent;
  }

  @Test
  void create_get_list_update_and_delete_an_agent_without_ever_returning_secrets() {
    HttpJson.Response created = http.post("/api/v1/agents", supportBot());
    assertThat(created.status()).isEqualTo(201);
    String id = (String) created.json().get("id");
    assertThat(created.header("Location")).isEqualTo("/api/v1/agents/" + id);
    assertThat(created.json()).containsEntry("name", "Support bot").containsEntry("default_ttl_seconds", 3600);
    assertThat(created.body()).doesNotContain("write-only-secret");
    assertThat(asMap(created.json().get("completion_webhook"))).containsEntry("has_secret", true);

    assertThat(http.get("/api/v1/agents/" + id).json()).containsEntry("id", id);
    assertThat(asList(http.get("/api/v1/agents").json().get("items"))).extracting(a -> asMap(a).get("id")).contains(id);

    Map<String, Object> renamed = supportBot();
    renamed.put("name", "Renamed bot");
    renamed.put("completion_webhook", Map.of("url", tools.url("/hooks/completed"))); // secret left out: kept
    HttpJson.Response updated = http.put("/api/v1/agents/" + id, renamed);
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json()).containsEntry("name", "Renamed bot");
    assertThat(asMap(updated.json().get("completion_webhook"))).containsEntry("has_secret", true);

    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", id)).json().get("id");
    assertThat(http.delete("/api/v1/agents/" + id).status()).isEqualTo(204);
    assertThat(http.get("/api/v1/agents/" + id).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/chats/" + chat).status()).isEqualTo(200); // its sessions stay readable
    assertThat(http.post("/api/v1/chats", Map.of("agent_id", id)).status()).isEqualTo(400); // it opens no new ones
  }

  /** #18: the agent JSON that GET answers is PUT back as it is; its read-only fields are accepted and ignored. */
  @Test
  void an_agent_as_read_can_be_put_back_unchanged() {
    String id = (String) http.post("/api/v1/agents", supportBot()).json().get("id");
    Map<String, Object> read = http.get("/api/v1/agents/" + id).json();
    assertThat(read).containsKeys("id", "created_at", "updated_at");

    HttpJson.Response again = http.put("/api/v1/agents/" + id, read);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json()).containsEntry("id", id).containsEntry("name", "Support bot")
        .containsEntry("created_at", read.get("created_at"));
    assertThat(asMap(again.json().get("completion_webhook"))).containsEntry("has_secret", true); // the secret is kept

    Map<String, Object> someoneElses = new HashMap<>(read);
    someoneElses.put("id", java.util.UUID.randomUUID().toString());
    HttpJson.Response refused = http.put("/api/v1/agents/" + id, someoneElses);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json()).containsEntry("field", "/id");

    HttpJson.Response copy = http.post("/api/v1/agents", read); // a read agent as a new one: the server owns the id
    assertThat(copy.status()).as(copy.body()).isEqualTo(201);
    assertThat(copy.json().get("id")).isNotEqualTo(id);
  }

  @Test
  void invalid_agent_documents_are_400_naming_the_field() {
    Map<String, Object> badName = supportBot();
    badName.put("tools", List.of(Map.of("name", "look up", "webhook", Map.of("url", tools.url("/t")))));
    assertThat(http.post("/api/v1/agents", badName).json()).containsEntry("field", "/tools/name");

    Map<String, Object> twice = supportBot();
    Map<String, Object> tool = Map.of("name", "lookupOrder", "webhook", Map.of("url", tools.url("/t")));
    twice.put("tools", List.of(tool, tool));
    assertThat(http.post("/api/v1/agents", twice).status()).isEqualTo(400);

    Map<String, Object> badUrl = supportBot();
    badUrl.put("completion_webhook", Map.of("url", "ftp://example.com/x"));
    assertThat(http.post("/api/v1/agents", badUrl).json()).containsEntry("field", "/completion_webhook/url");

    Map<String, Object> badPattern = supportBot();
    badPattern.put("script", Map.of("rules", List.of(Map.of("match", "(unclosed", "reply", "x"))));
    HttpJson.Response pattern = http.post("/api/v1/agents", badPattern);
    assertThat(pattern.status()).isEqualTo(400);
    assertThat(pattern.json().get("detail").toString()).contains("(unclosed");

    Map<String, Object> noName = supportBot();
    noName.remove("name");
    assertThat(http.post("/api/v1/agents", noName).json()).containsEntry("field", "/name");

    Map<String, Object> badTtl = supportBot();
    badTtl.put("default_ttl_seconds", 10);
    assertThat(http.post("/api/v1/agents", badTtl).status()).isEqualTo(400);
    assertThat(http.post("/api/v1/agents", Map.of("name", "x", "model", Map.of("provider", "gpt-magic"))).status()).isEqualTo(400);
  }

  @Test
  void a_scripted_turn_calls_the_tool_and_replies_with_its_result_and_templates_fill_from_additional_data() {
    String id = (String) http.post("/api/v1/agents", supportBot()).json().get("id");
    Map<String, Object> chat = http.post("/api/v1/chats", Map.of("agent_id", id, "channel", "twilio_sms",
        "additional_data", Map.of("customerName", "Ada", "channel", "spoofed"))).json();
    assertThat(asMap(asList(chat.get("messages")).get(0))).containsEntry("content", "Hello Ada, how can I help?");
    assertThat(chat).containsEntry("ttl_seconds", 3600); // the agent's default TTL

    List<Object> messages = asList(http.post("/api/v1/chats/" + chat.get("id") + "/messages",
        Map.of("content", "Where is my order?")).json().get("messages"));
    assertThat(messages).hasSize(2);
    Map<String, Object> toolTurn = asMap(messages.get(0));
    Map<String, Object> call = asMap(asList(toolTurn.get("tool_calls")).get(0));
    assertThat(call).containsEntry("name", "lookupOrder").containsEntry("arguments", Map.of("id", "42"));
    assertThat(asMap(call.get("response"))).containsEntry("status", "shipped");
    assertThat(asMap(messages.get(1))).containsEntry("content", "Your order status: shipped");
    WebhookReceiver.Received toolRequest = tools.requestsTo("/tools/lookupOrder").get(0);
    assertThat(toolRequest.text()).contains("\"tool\":\"lookupOrder\"").contains(chat.get("id").toString());

    List<Object> mystery = asList(http.post("/api/v1/chats/" + chat.get("id") + "/messages",
        Map.of("content", "mystery")).json().get("messages"));
    assertThat(asMap(mystery.get(0))).containsEntry("content", "Value: []");
    assertThat(http.get("/api/v1/chats/" + chat.get("id") + "/activity").body()).contains("not_defined");

    Map<String, Object> bye = http.post("/api/v1/chats/" + chat.get("id") + "/messages", Map.of("content", "ok bye")).json();
    assertThat(bye).containsEntry("is_final", true);
    assertThat(http.get("/api/v1/chats/" + chat.get("id")).json()).containsEntry("final_reason", "agent_finish");
  }

  @Test
  void an_openai_compatible_agent_runs_tool_calls_against_the_real_wire_format() throws Exception {
    try (ToolCallingModel model = ToolCallingModel.start("lookupOrder", Map.of("id", "42"), "It has shipped.")) {
      List<String> requests = model.requests();
      Map<String, Object> agent = supportBot();
      agent.put("model", model.agentModel("test-model"));
      String id = (String) http.post("/api/v1/agents", agent).json().get("id");
      String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", id, "additional_data", Map.of("customerName", "Ada")))
          .json().get("id");
      List<Object> messages = asList(http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "order 42?"))
          .json().get("messages"));
      assertThat(messages).hasSize(2);
      assertThat(asMap(asList(asMap(messages.get(0)).get("tool_calls")).get(0))).containsEntry("name", "lookupOrder");
      assertThat(asMap(messages.get(1))).containsEntry("content", "It has shipped.");
      assertThat(requests.get(0)).contains("You help Ada on api.").contains("\"model\":\"test-model\"").contains("lookupOrder");
    }
  }

  @Test
  void the_tenant_default_agent_can_point_at_another_agent_and_serves_chats_without_agent_id() {
    String id = (String) http.post("/api/v1/agents", supportBot()).json().get("id");
    assertThat(http.send("PUT", "/api/v1/tenant/default-agent", Map.of("default_agent_id", id), Map.of()).json())
        .containsEntry("default_agent_id", id);
    Map<String, Object> chat = http.post("/api/v1/chats", Map.of("additional_data", Map.of("customerName", "Ada"))).json();
    assertThat(chat).containsEntry("agent_id", id);
    assertThat(http.get("/api/v1/tenant").json()).containsEntry("default_agent_id", id);
    assertThat(http.send("PUT", "/api/v1/tenant/default-agent", Map.of("default_agent_id", java.util.UUID.randomUUID().toString()),
        Map.of()).status()).isEqualTo(400);
  }
}
