package dev.parley.bootstrap.integrity;

import static dev.parley.bootstrap.support.HttpJson.asList;
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
 * Values Parley cannot store as sent — a lone UTF-16 surrogate (PostgreSQL text would keep "?") and a number beyond
 * double range such as 1e999999999 (it came back as the string "Infinity") — are refused with a 400 naming where
 * they sit, in message content, in free-form bags and in every other stored text, instead of being stored changed.
 */
class UnstorableValuesTest extends ApiTestBase {
  private static final String LONE = "a\\ud800b"; // as escaped JSON text: a high surrogate with no low one
  private static final String HUGE = "1e999999999";

  /** One unstorable value: the method, path, raw body and the pointer the 400 must name. */
  private record Case(String path, String body, String pointer) {}

  @Test
  void a_lone_surrogate_or_an_infinite_number_is_a_400_naming_where_it_sits() {
    String chat = (String) http.post("/api/v1/chats", Map.of()).json().get("id");
    String user = "{\"role\": \"user\", \"content\": \"hi\"}";
    List<Case> cases = List.of(
        new Case("/api/v1/chats/" + chat + "/messages", "{\"content\": \"" + LONE + "\"}", "/content"),
        new Case("/api/v1/chats/" + chat + "/messages", "{\"content\": \"hi\", \"additional_data\": {\"k\": \"" + LONE + "\"}}", "/additional_data/k"),
        new Case("/api/v1/chats/" + chat + "/messages", "{\"content\": \"hi\", \"additional_data\": {\"n\": " + HUGE + "}}", "/additional_data/n"),
        new Case("/api/v1/chats", "{\"title\": \"" + LONE + "\"}", "/title"),
        new Case("/api/v1/chats", "{\"user_id\": \"" + LONE + "\"}", "/user_id"),
        new Case("/api/v1/chats", "{\"metadata\": {\"a\": " + HUGE + "}}", "/metadata/a"),
        new Case("/api/v1/chats", "{\"metadata\": {\"list\": [1, \"" + LONE + "\"]}}", "/metadata/list/1"),
        new Case("/api/v1/chats", "{\"additional_data\": {\"" + LONE + "\": 1}}", "/additional_data"),
        new Case("/api/v1/chats", "{\"additional_data\": {\"x\": -" + HUGE + "}}", "/additional_data/x"),
        new Case("/api/v1/chats", "{\"external_id\": {\"from\": " + HUGE + "}}", "/external_id/from"),
        new Case("/api/v1/chats", "{\"external_id\": \"" + LONE + "\"}", "/external_id"),
        new Case("/api/v1/chats/" + chat + "/end", "{\"note\": \"" + LONE + "\"}", "/note"),
        new Case("/api/v1/agents", "{\"name\": \"" + LONE + "\"}", "/name"),
        new Case("/api/v1/agents", "{\"name\": \"t\", \"tools\": [{\"name\": \"t\", \"parameters\": {\"max\": " + HUGE + "}}]}", "/tools/parameters/max"),
        new Case("/api/v1/agents", "{\"name\": \"t\", \"tools\": [{\"name\": \"t\"}], \"script\": {\"rules\": [{\"match\": \"x\", "
            + "\"tool\": {\"name\": \"t\", \"arguments\": {\"q\": \"" + LONE + "\"}}}]}}", "/script/rules/tool/arguments/q"),
        new Case("/api/v1/text-chat/completion", "{\"agent\": {\"name\": \"x\"}, \"messages\": [{\"role\": \"user\", \"content\": \"" + LONE + "\"}]}", "/messages/0/content"),
        new Case("/api/v1/text-chat/completion", "{\"agent\": {\"name\": \"x\"}, \"messages\": [" + user + "], \"additional_data\": {\"n\": " + HUGE + "}}", "/additional_data/n"));
    long chatsBefore = totalChats();
    for (Case c : cases) {
      HttpJson.Response r = http.post(c.path(), c.body());
      String what = c.path() + " " + c.body() + " → " + r.body();
      assertThat(r.status()).as(what).isEqualTo(400);
      assertThat(r.contentType()).as(what).startsWith("application/problem+json");
      assertThat(r.json()).as(what).containsEntry("field", c.pointer());
      Misuse.record("odd-value", "POST " + c.path().replaceAll("[0-9a-f-]{36}", "{id}") + " " + c.body(),
          r.status() + " field " + printable(c.pointer()) + ": " + printable((String) r.json().get("detail")));
    }
    assertThat(totalChats()).isEqualTo(chatsBefore);
    Map<String, Object> after = http.get("/api/v1/chats/" + chat).json();
    assertThat(after).containsEntry("status", "active");
    assertThat(asList(after.get("messages"))).hasSize(1); // the greeting: no turn was stored
  }

  @Test
  void a_surrogate_pair_and_a_large_finite_number_are_kept_as_sent() {
    HttpJson.Response r = http.post("/api/v1/chats", "{\"title\": \"ok \\ud83d\\ude00\", \"metadata\": {\"n\": 1e300}}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json()).containsEntry("title", "ok \ud83d\ude00");
    assertThat(((Number) asMap(asMap(r.json().get("config")).get("metadata")).get("n")).doubleValue()).isEqualTo(1e300);
  }

  @Test
  void the_web_socket_refuses_them_too_and_stores_nothing() {
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "web")).json().get("id");
    String token = (String) http.post("/api/v1/agents/" + agent + "/web-integrations", Map.of("allow_web_chat", true)).json().get("token");
    long before = totalChats();
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + token)) {
      ws.sendRaw("{\"type\": \"initialize\", \"request\": {\"callType\": \"chat\", \"additionalData\": {\"n\": " + HUGE + "}}}");
      Map<String, Object> error = asMap(ws.awaitType("error").get("data"));
      assertThat(error).containsEntry("code", "invalid_message");
      assertThat((String) error.get("message")).contains("/additional_data/n");
      Misuse.record("odd-value", "webCall initialize with additionalData {\"n\": " + HUGE + "}", "error frame " + error.get("code") + ": " + error.get("message"));
      assertThat(totalChats()).isEqualTo(before);

      ws.sendRaw("{\"type\": \"initialize\", \"request\": {\"callType\": \"chat\"}}");
      String chat = (String) asMap(ws.awaitEvent("connection").get("data")).get("recordId");
      int stored = asList(http.get("/api/v1/chats/" + chat).json().get("messages")).size();
      int from = ws.size();
      ws.sendRaw("{\"type\": \"incomingChatMessage\", \"content\": \"" + LONE + "\"}");
      Map<String, Object> refused = asMap(ws.awaitFrom(from, m -> "error".equals(m.get("type")), "an error frame").get("data"));
      assertThat(refused).containsEntry("code", "invalid_message");
      Misuse.record("odd-value", "webCall incomingChatMessage with content \"" + LONE + "\"", "error frame " + refused.get("code") + ": " + refused.get("message"));
      assertThat(asList(http.get("/api/v1/chats/" + chat).json().get("messages"))).hasSize(stored);
    }
  }

  /** Surrogates written as escapes, so that the misuse line prints. */
  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) out.append(Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    return out.toString();
  }

  private long totalChats() {
    return ((Number) http.get("/api/v1/chats?state=all&take=1&include_messages=false").json().get("total_count")).longValue();
  }
}
