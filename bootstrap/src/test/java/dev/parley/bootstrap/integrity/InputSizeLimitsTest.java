package dev.parley.bootstrap.integrity;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.WsClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a client may have stored is bounded (parley.limits.*, docs/configuration.md): a 4 KiB end note, a 2 KiB
 * external id, 32 KiB of additional data or metadata on every way in, a transcript of a set number of messages, and
 * the latest messages of each chat in a list. Beyond a bound: a clear 4xx naming the field, and nothing stored.
 */
class InputSizeLimitsTest extends ApiTestBase {
  private static final int MESSAGES_PER_CHAT = 7; // the greeting, then user + reply pairs: 1, 3, 5, 7
  private static final int LISTED = 3;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.limits.messages-per-chat", MESSAGES_PER_CHAT, "parley.limits.list-messages-per-chat", LISTED);
  }

  @Test
  void an_end_note_above_4_kib_is_refused_and_the_chat_stays_open() {
    String chat = openChat();
    HttpJson.Response huge = http.post("/api/v1/chats/" + chat + "/end", Map.of("note", "n".repeat(900_000)));
    expectTooLarge(huge, "/note");
    Misuse.record("size-note", "POST /api/v1/chats/{id}/end with a 900 KB note", huge.status() + " field /note: " + huge.json().get("detail"));
    assertThat(http.get("/api/v1/chats/" + chat).json()).containsEntry("status", "active");
    expectTooLarge(http.post("/api/v1/chats/" + chat + "/end", Map.of("note", "é".repeat(2049))), "/note"); // 4098 bytes
    HttpJson.Response fits = http.post("/api/v1/chats/" + chat + "/end", Map.of("note", "n".repeat(4096)));
    assertThat(fits.status()).as(fits.body()).isEqualTo(200);
  }

  @Test
  void an_external_id_above_2_kib_in_canonical_form_is_refused() {
    long before = totalChats();
    HttpJson.Response huge = http.post("/api/v1/chats", Map.of("channel", "sms", "external_id", "x".repeat(900_000)));
    expectTooLarge(huge, "/external_id");
    Misuse.record("size-external-id", "POST /api/v1/chats with a 900 KB external_id", huge.status() + " field /external_id: " + huge.json().get("detail"));
    expectTooLarge(http.post("/api/v1/chats", Map.of("external_id", Map.of("from", "y".repeat(2040)))), "/external_id");
    assertThat(totalChats()).isEqualTo(before);
    HttpJson.Response fits = http.post("/api/v1/chats", Map.of("channel", "sms", "external_id", "x".repeat(2046))); // 2048 with quotes
    assertThat(fits.status()).as(fits.body()).isEqualTo(201);
  }

  @Test
  void additional_data_and_metadata_above_32_kib_are_refused_on_every_way_in() {
    Map<String, Object> big = Map.of("blob", "d".repeat(950_000));
    long before = totalChats();
    HttpJson.Response open = http.post("/api/v1/chats", Map.of("additional_data", big));
    expectTooLarge(open, "/additional_data");
    Misuse.record("size-additional-data", "POST /api/v1/chats with 950 KB of additional_data", open.status() + " field /additional_data: " + open.json().get("detail"));
    HttpJson.Response metadata = http.post("/api/v1/chats", Map.of("metadata", big));
    expectTooLarge(metadata, "/metadata");
    Misuse.record("size-metadata", "POST /api/v1/chats with 950 KB of metadata", metadata.status() + " field /metadata: " + metadata.json().get("detail"));
    expectTooLarge(http.post("/api/v1/chats", Map.of("metadata", Map.of("blob", "d".repeat(32 * 1024)))), "/metadata");
    assertThat(totalChats()).isEqualTo(before);
    assertThat(http.post("/api/v1/chats", Map.of("metadata", Map.of("blob", "d".repeat(32 * 1024 - 11)))).status()).isEqualTo(201);

    String chat = openChat();
    HttpJson.Response turn = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "hi", "additional_data", big));
    expectTooLarge(turn, "/additional_data");
    Misuse.record("size-additional-data", "POST /api/v1/chats/{id}/messages with 950 KB of additional_data", turn.status() + " field /additional_data");
    assertThat(asList(http.get("/api/v1/chats/" + chat).json().get("messages"))).hasSize(1); // the greeting only

    HttpJson.Response stateless = http.post("/api/v1/text-chat/completion", Map.of("agent", Map.of("name", "inline"),
        "messages", List.of(Map.of("role", "user", "content", "hi")), "additional_data", big));
    expectTooLarge(stateless, "/additional_data");
    Misuse.record("size-additional-data", "POST /api/v1/text-chat/completion with 950 KB of additional_data", stateless.status() + " field /additional_data");
  }

  @Test
  void additional_data_above_32_kib_in_a_socket_initialize_opens_no_chat() {
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "web")).json().get("id");
    String token = (String) http.post("/api/v1/agents/" + agent + "/web-integrations", Map.of("allow_web_chat", true)).json().get("token");
    long before = totalChats();
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + token)) {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("callType", "chat");
      request.put("additionalData", Map.of("blob", "d".repeat(40_000)));
      ws.send(Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", request));
      Map<String, Object> error = asMap(ws.awaitType("error").get("data"));
      Misuse.record("size-additional-data", "webCall initialize with 40 KB of additionalData", "error frame " + error.get("code") + ": " + error.get("message"));
      assertThat(ws.received()).noneMatch(m -> "connection".equals(m.get("name")));
    }
    assertThat(totalChats()).isEqualTo(before);
  }

  @Test
  void a_chat_s_title_channel_and_user_id_are_short_texts() {
    long before = totalChats();
    Map<String, String> cases = Map.of("title", "t".repeat(900_000), "channel", "c".repeat(65), "user_id", "u".repeat(257));
    cases.forEach((field, value) -> {
      HttpJson.Response r = http.post("/api/v1/chats", Map.of(field, value));
      assertThat(r.status()).as(field + " → " + r.body()).isEqualTo(400);
      assertThat(r.json()).containsEntry("field", "/" + field);
      Misuse.record("size-short-text", "POST /api/v1/chats with a " + value.length() + "-character " + field, r.status() + " field /" + field + ": " + r.json().get("detail"));
    });
    assertThat(totalChats()).isEqualTo(before);
    assertThat(http.post("/api/v1/chats", Map.of("title", "t".repeat(500), "channel", "c".repeat(64), "user_id", "u".repeat(256))).status()).isEqualTo(201);
  }

  @Test
  void a_full_transcript_takes_no_more_turns_and_says_why() {
    String chat = openChat();
    for (int turn = 1; turn <= 3; turn++) {
      HttpJson.Response r = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "turn " + turn));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
    HttpJson.Response full = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "one more"));
    assertThat(full.status()).as(full.body()).isEqualTo(409);
    assertThat(full.contentType()).startsWith("application/problem+json");
    assertThat(full.json()).containsEntry("code", "transcript_full");
    assertThat((String) full.json().get("detail")).contains(String.valueOf(MESSAGES_PER_CHAT));
    Misuse.record("size-transcript", "a turn on a chat holding parley.limits.messages-per-chat (" + MESSAGES_PER_CHAT + ") messages",
        full.status() + " " + full.json().get("code"));
    Map<String, Object> after = http.get("/api/v1/chats/" + chat).json();
    assertThat(asList(after.get("messages"))).hasSize(MESSAGES_PER_CHAT);
    assertThat(after).containsEntry("status", "active");
    // the lease was let go: ending the chat works at once
    assertThat(http.post("/api/v1/chats/" + chat + "/end", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void a_chat_in_a_list_shows_its_latest_messages_only_and_its_own_endpoints_the_whole_transcript() {
    String chat = openChat();
    for (int turn = 1; turn <= 3; turn++) http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "turn " + turn));
    HttpJson.Response page = http.get("/api/v1/chats?take=200");
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.json()).containsEntry("take", 200);
    Map<String, Object> listed = asList(page.json().get("items")).stream().map(HttpJson::asMap)
        .filter(c -> chat.equals(c.get("id"))).findFirst().orElseThrow();
    List<Object> shown = asList(listed.get("messages"));
    assertThat(shown).hasSize(LISTED);
    assertThat(asMap(shown.get(LISTED - 1)).get("content")).isEqualTo("You said: turn 3"); // the latest, in order
    assertThat(asMap(shown.get(0)).get("content")).isEqualTo("You said: turn 2");
    Misuse.record("size-list-page", "GET /api/v1/chats?take=200 with a " + MESSAGES_PER_CHAT + "-message chat (list-messages-per-chat " + LISTED + ")",
        page.status() + ", the chat listed with its latest " + shown.size() + " messages");
    assertThat(asList(http.get("/api/v1/chats/" + chat).json().get("messages"))).hasSize(MESSAGES_PER_CHAT);
    assertThat(asList(http.get("/api/v1/chats/" + chat + "/messages?limit=100").json().get("messages"))).hasSize(MESSAGES_PER_CHAT);
    assertThat(http.get("/api/v1/chats?take=200&include_messages=false").status()).isEqualTo(200);
  }

  private void expectTooLarge(HttpJson.Response r, String pointer) {
    assertThat(r.status()).as(r.body()).isEqualTo(413);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json()).containsEntry("field", pointer);
  }

  private String openChat() {
    HttpJson.Response r = http.post("/api/v1/chats", Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return (String) r.json().get("id");
  }

  private long totalChats() {
    return ((Number) http.get("/api/v1/chats?state=all&take=1&include_messages=false").json().get("total_count")).longValue();
  }
}
