package dev.parley.bootstrap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.SseContract;
import dev.parley.bootstrap.support.ToolStub;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A streamed turn (POST .../messages with Accept: text/event-stream) is what the served OpenAPI document says: every
 * event's name is one it lists and its data satisfies the schema it names for that event. (HttpJson checks every
 * stream an API test reads the same way, through OpenApiTraffic.)
 */
class TurnEventStreamContractTest extends ApiTestBase {
  private ToolStub tools;

  @BeforeAll
  void startTool() {
    tools = ToolStub.answering("/tools/lookupOrder", "{\"status\": \"shipped\"}");
  }

  @AfterAll
  void stopTool() {
    tools.close();
  }

  @Test
  void every_event_of_a_streamed_turn_with_a_tool_step_matches_the_schema_of_its_name() {
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "Streamer", "model", Map.of("provider", "scripted"),
        "script", Map.of("rules", List.of(Map.of("match", "(?i)order", "tool", Map.of("name", "lookupOrder", "arguments", Map.of("id", "42")),
            "reply", "Your order is {{tool.lookupOrder.status}}")), "fallback", "You said: {{last_user_message}}"),
        "tools", List.of(Map.of("name", "lookupOrder", "description", "Find an order",
            "webhook", Map.of("url", tools.url(), "timeout_ms", 2000))))).json().get("id");
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id");

    HttpJson.Response streamed = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "where is my order?"),
        Map.of("Accept", "text/event-stream"));

    assertThat(streamed.status()).isEqualTo(200);
    assertThat(streamed.contentType()).startsWith("text/event-stream");
    List<SseContract.Event> events = SseContract.parse(streamed.body());
    assertThat(events).extracting(SseContract.Event::name)
        .containsSubsequence("tool_call", "tool_result", "delta", "turn", "message");
    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
    SseContract contract = SseContract.of(http.get("/swagger/parley-0.1.yml").body());
    assertThat(contract.violations("POST", "/api/v1/chats/" + chat + "/messages", streamed.body())).isEmpty();
  }

  @Test
  void the_check_is_not_blind() {
    SseContract contract = SseContract.of(http.get("/swagger/parley-0.1.yml").body());
    String path = "/api/v1/chats/3c90c3cc-0d44-4b50-8888-8dd25736052a/messages";
    assertThat(contract.violations("POST", path, "event: turn\ndata: {\"messages\": 5}\n\n"))
        .anySatisfy(v -> assertThat(v).contains("'turn'").contains("/messages"));
    assertThat(contract.violations("POST", path, "event: delta\ndata: {\"object\": \"chat.turn.chunk\", \"chat_id\": "
        + "\"3c90c3cc-0d44-4b50-8888-8dd25736052a\", \"choices\": [{\"index\": 0, \"delta\": {\"content\": 7}}]}\n\n"))
        .isNotEmpty();
    assertThat(contract.violations("POST", path, "event: surprise\ndata: {}\n\n")).singleElement().asString()
        .contains("none of the events");
    assertThat(contract.violations("POST", path, "data: [NOT DONE]\n\n")).singleElement().asString().contains("'message'");
    assertThat(contract.violations("GET", "/api/v1/chats", "data: {}\n\n")).singleElement().asString()
        .contains("not documented");
  }
}
