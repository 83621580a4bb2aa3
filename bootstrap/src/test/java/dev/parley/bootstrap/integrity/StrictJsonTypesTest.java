package dev.parley.bootstrap.integrity;

import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint takes each field in its own JSON type only: a wrong type is a 400 problem naming the field as a JSON
 * Pointer, in words that show no class, library or parser detail, and nothing is stored. Free-form bags keep taking
 * any JSON value. Unknown fields of an agent definition are refused.
 */
class StrictJsonTypesTest extends ApiTestBase {
  private static final List<String> INTERNALS = List.of("Failed to convert", "Jackson", "StreamReadFeature", "$",
      "io.micronaut", "java.", "dev.parley", "Exception", "START_", "VALUE_", "Argument", "Serde");

  /** One wrong value: the method, path, raw body and the pointer the answer must name. */
  private record Case(String method, String path, String body, String pointer) {}

  @Test
  void a_value_of_the_wrong_json_type_is_a_400_naming_its_pointer_on_every_endpoint() {
    String chat = (String) http.post("/api/v1/chats", Map.of()).json().get("id");
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "typed")).json().get("id");
    String tenant = (String) http.post("/api/v1/admin/tenants", Map.of("name", "typed"), admin()).json().get("id");
    String inline = "\"agent\": {\"name\": \"inline\"}, ";
    String user = "{\"role\": \"user\", \"content\": \"hi\"}";
    List<Case> cases = List.of(
        new Case("POST", "/api/v1/chats", "{\"ttl_seconds\": \"60\"}", "/ttl_seconds"),
        new Case("POST", "/api/v1/chats", "{\"ttl_seconds\": 60.7}", "/ttl_seconds"),
        new Case("POST", "/api/v1/chats", "{\"ttl_seconds\": \"abc\"}", "/ttl_seconds"),
        new Case("POST", "/api/v1/chats", "{\"ttl_seconds\": true}", "/ttl_seconds"),
        new Case("POST", "/api/v1/chats", "{\"ttl_seconds\": 1e999999999}", "/ttl_seconds"),
        new Case("POST", "/api/v1/chats", "{\"channel\": 123}", "/channel"),
        new Case("POST", "/api/v1/chats", "{\"agent_id\": 5}", "/agent_id"),
        new Case("POST", "/api/v1/chats", "{\"user_id\": false}", "/user_id"),
        new Case("POST", "/api/v1/chats", "{\"title\": {\"a\": 1}}", "/title"),
        new Case("POST", "/api/v1/chats", "{\"additional_data\": 5}", "/additional_data"),
        new Case("POST", "/api/v1/chats", "{\"metadata\": [\"x\"]}", "/metadata"),
        new Case("POST", "/api/v1/chats", "[1, 2]", ""),
        new Case("POST", "/api/v1/chats", "{\"ttl_seconds\": ", ""),
        new Case("POST", "/api/v1/chats/" + chat + "/messages", "{\"content\": 123}", "/content"),
        new Case("POST", "/api/v1/chats/" + chat + "/messages", "{\"content\": \"hi\", \"idempotency_key\": 7}", "/idempotency_key"),
        new Case("POST", "/api/v1/chats/" + chat + "/messages", "{\"content\": \"hi\", \"additional_data\": \"x\"}", "/additional_data"),
        new Case("POST", "/api/v1/chats/" + chat + "/end", "{\"note\": 5}", "/note"),
        new Case("POST", "/api/v1/agents", "{\"name\": false}", "/name"),
        new Case("POST", "/api/v1/agents", "{\"name\": \"a\", \"prompt\": 1}", "/prompt"),
        new Case("POST", "/api/v1/agents", "{\"name\": \"a\", \"model\": {\"temperature\": \"0.5\"}}", "/model/temperature"),
        new Case("POST", "/api/v1/agents", "{\"name\": \"a\", \"model\": {\"max_tokens\": 10.5}}", "/model/max_tokens"),
        new Case("POST", "/api/v1/agents", "{\"name\": \"a\", \"script\": {\"rules\": [{\"match\": \"x\", \"reply\": 5}]}}", "/script/rules/0/reply"),
        new Case("POST", "/api/v1/agents", "{\"name\": \"a\", \"script\": {\"rules\": [{\"match\": \"x\", \"finish\": \"yes\"}]}}", "/script/rules/0/finish"),
        new Case("POST", "/api/v1/agents", "{\"name\": \"a\", \"tools\": [{\"name\": \"t\", \"webhook\": {\"url\": \"http://127.0.0.1:9/t\", \"timeout_ms\": \"100\"}}]}", "/tools/0/webhook/timeout_ms"),
        new Case("POST", "/api/v1/agents", "{\"name\": \"a\", \"analysis_fields\": [{\"name\": \"f\", \"type\": 1}]}", "/analysis_fields/0/type"),
        new Case("POST", "/api/v1/agents", "{\"name\": \"a\", \"default_ttl_seconds\": \"60\"}", "/default_ttl_seconds"),
        new Case("POST", "/api/v1/agents", "{\"name\": \"a\", \"tools\": {\"name\": \"t\"}}", "/tools"),
        new Case("POST", "/api/v1/agents", "{\"name\": \"a\", \"completion_webhok\": {\"url\": \"http://127.0.0.1:9/h\"}}", "/completion_webhok"),
        new Case("POST", "/api/v1/agents", "{\"name\": \"a\", \"model\": {\"providr\": \"openai\"}}", "/model/providr"),
        new Case("POST", "/api/v1/agents", "{\"name\": \"a\", \"script\": {\"rules\": [{\"match\": \"x\", \"reply\": \"y\", \"finnish\": true}]}}", "/script/rules/0/finnish"),
        new Case("PUT", "/api/v1/agents/" + agent, "{\"name\": 42}", "/name"),
        new Case("POST", "/api/v1/text-chat/completion", "{" + inline + "\"messages\": [{\"role\": \"user\", \"content\": 5}]}", "/messages/0/content"),
        new Case("POST", "/api/v1/text-chat/completion", "{" + inline + "\"messages\": [{\"role\": 1, \"content\": \"hi\"}]}", "/messages/0/role"),
        new Case("POST", "/api/v1/text-chat/completion", "{" + inline + "\"messages\": 5}", "/messages"),
        new Case("POST", "/api/v1/text-chat/completion", "{" + inline + "\"messages\": [" + user + "], \"finish\": \"true\"}", "/finish"),
        new Case("POST", "/api/v1/text-chat/completion", "{" + inline + "\"messages\": [" + user + "], \"state\": 5}", "/state"),
        new Case("POST", "/api/v1/text-chat/completion", "{\"agent\": {\"id\": 5}, \"messages\": [" + user + "]}", "/agent/id"),
        new Case("POST", "/api/v1/text-chat/completion", "{\"agent\": {\"name\": \"x\", \"promt\": \"y\"}, \"messages\": [" + user + "]}", "/agent/promt"),
        new Case("PUT", "/api/v1/tenant/default-agent", "{\"default_agent_id\": 5}", "/default_agent_id"),
        new Case("PUT", "/api/v1/tenant/currency", "{\"currency\": 978}", "/currency"),
        new Case("PUT", "/api/v1/tenant/currency", "{\"currancy\": \"EUR\"}", "/currancy"),
        new Case("POST", "/api/v1/agents/" + agent + "/web-integrations", "{\"allow_web_chat\": \"yes\"}", "/allow_web_chat"),
        new Case("POST", "/api/v1/agents/" + agent + "/web-integrations", "{\"allowed_origins\": [5]}", "/allowed_origins/0"),
        new Case("POST", "/api/v1/admin/tenants", "{\"name\": false}", "/name"),
        new Case("POST", "/api/v1/admin/tenants/" + tenant + "/api-keys", "{\"label\": 5}", "/label"));

    long chatsBefore = totalChats();
    for (Case c : cases) {
      HttpJson.Response r = http.send(c.method(), c.path(), c.body(), c.path().startsWith("/api/v1/admin") ? admin() : Map.of());
      String what = c.method() + " " + c.path() + " " + c.body() + " → " + r.body();
      assertThat(r.status()).as(what).isEqualTo(400);
      assertThat(r.contentType()).as(what).startsWith("application/problem+json");
      assertThat(r.json()).as(what).containsEntry("field", c.pointer());
      assertThat((String) r.json().get("detail")).as(what).isNotBlank();
      assertThat(r.json().get("code")).as(what).isIn("invalid_value", "malformed_json");
      for (String internal : INTERNALS) assertThat(r.body()).as(what).doesNotContain(internal);
      Misuse.record("json-type", c.method() + " " + c.path().replaceAll("[0-9a-f-]{36}", "{id}") + " " + c.body(),
          r.status() + " field " + (c.pointer().isEmpty() ? "\"\"" : c.pointer()) + ": " + r.json().get("detail"));
    }
    assertThat(totalChats()).isEqualTo(chatsBefore);
    assertThat(http.get("/api/v1/agents/" + agent).json()).containsEntry("name", "typed");
  }

  @Test
  void a_query_parameter_or_path_segment_of_the_wrong_type_is_a_400_naming_it() {
    Map<String, String> cases = Map.of("/api/v1/chats?take=abc", "/take", "/api/v1/chats?take=2.5", "/take",
        "/api/v1/chats?include_messages=maybe", "/include_messages", "/api/v1/chats/not-a-uuid", "/id",
        "/api/v1/chats/" + java.util.UUID.randomUUID() + "/messages?limit=ten", "/limit");
    cases.forEach((path, pointer) -> {
      HttpJson.Response r = http.get(path);
      String what = "GET " + path + " → " + r.body();
      assertThat(r.status()).as(what).isEqualTo(400);
      assertThat(r.json()).as(what).containsEntry("field", pointer);
      for (String internal : INTERNALS) assertThat(r.body()).as(what).doesNotContain(internal);
    });
  }

  @Test
  void a_socket_frame_field_of_the_wrong_type_is_refused_instead_of_being_converted_or_dropped() {
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "web")).json().get("id");
    String token = (String) http.post("/api/v1/agents/" + agent + "/web-integrations", Map.of("allow_web_chat", true)).json().get("token");
    String recordId;
    String resumeToken;
    try (WsClient first = WsClient.connect(server.getURI(), "?token=" + token)) {
      first.sendRaw("{\"type\": \"initialize\", \"request\": {\"callType\": \"chat\"}}");
      Map<String, Object> connection = asMap(first.awaitEvent("connection").get("data"));
      recordId = (String) connection.get("recordId");
      resumeToken = (String) connection.get("resumeToken");
    }
    Map<String, String> frames = Map.of(
        "{\"resumeToken\": \"" + resumeToken + "\", \"recordId\": \"" + recordId + "\", \"lastSeq\": \"3\"}", "/request/lastSeq",
        "{\"resumeToken\": \"" + resumeToken + "\", \"recordId\": \"" + recordId + "\", \"lastSeq\": 2.5}", "/request/lastSeq",
        "{\"resumeToken\": 12345}", "/request/resumeToken");
    frames.forEach((request, pointer) -> {
      try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + token)) {
        String frame = "{\"type\": \"initialize\", \"request\": " + request.replace("{", "{\"callType\": \"chat\", ") + "}";
        ws.sendRaw(frame);
        Map<String, Object> error = asMap(ws.awaitType("error").get("data"));
        assertThat(error).as(frame).containsEntry("code", "invalid_message");
        assertThat((String) error.get("message")).as(frame).contains(pointer);
        assertThat(ws.received()).as(frame).noneMatch(m -> "connection".equals(m.get("name")));
        Misuse.record("json-type", "webCall initialize " + frame.replace(resumeToken, "rt_…"), "error frame " + error.get("code") + ": " + error.get("message"));
      }
    });
  }

  @Test
  void a_misspelt_agent_field_no_longer_loses_the_webhook_silently() {
    HttpJson.Response r = http.post("/api/v1/agents", Map.of("name", "typo", "completion_webhok", Map.of("url", "http://127.0.0.1:9/h")));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json()).containsEntry("field", "/completion_webhok");
    assertThat((String) r.json().get("detail")).contains("not a known field");
  }

  @Test
  void free_form_bags_take_any_json_values() {
    Map<String, Object> any = Map.of("n", 1.5, "b", false, "s", "x", "l", List.of(1, "two", Map.of()), "o", Map.of("deep", List.of()));
    HttpJson.Response opened = http.post("/api/v1/chats", Map.of("external_id", List.of(1, "a", Map.of("k", true)),
        "additional_data", any, "metadata", any));
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    HttpJson.Response numericId = http.post("/api/v1/chats", Map.of("channel", "sms", "external_id", 12345));
    assertThat(numericId.status()).as(numericId.body()).isEqualTo(201);
    String chat = (String) opened.json().get("id");
    HttpJson.Response turn = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "hi", "additional_data", any));
    assertThat(turn.status()).as(turn.body()).isEqualTo(200);
  }

  @Test
  void a_value_of_the_right_type_is_taken_as_sent() {
    HttpJson.Response r = http.post("/api/v1/chats", Map.of("ttl_seconds", 60, "title", "123"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json()).containsEntry("ttl_seconds", 60).containsEntry("title", "123");
  }

  private long totalChats() {
    return ((Number) http.get("/api/v1/chats?state=all&take=1&include_messages=false").json().get("total_count")).longValue();
  }

  private static Map<String, String> admin() {
    return Map.of("X-Admin-Key", "test-admin-key");
  }
}
