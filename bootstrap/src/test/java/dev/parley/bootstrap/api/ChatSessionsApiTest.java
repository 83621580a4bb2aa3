package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChatSessionsApiTest extends ApiTestBase {
  private static final List<String> SEED_01_FIELDS = List.of("id", "agent_id", "channel", "messages", "created_time",
      "last_activity", "ttl_seconds", "is_final", "status", "final_reason");
  private static final List<String> SEED_04_FIELDS = List.of("id", "user_id", "tenant_id", "title", "config", "created_at",
      "updated_at", "last_message_at");

  private String externalId() {
    return "provider-" + UUID.randomUUID();
  }

  @Test
  void seed_01_open_answers_201_with_every_documented_field_and_a_location() {
    HttpJson.Response r = http.post("/api/v1/chats", Map.of("channel", "twilio_sms",
        "external_id", Map.of("from", "+1555", "to", "+1666", "provider_id", externalId()), "ttl_seconds", 600,
        "additional_data", Map.of("customerName", "Ada")));
    assertThat(r.status()).isEqualTo(201);
    Map<String, Object> chat = r.json();
    assertThat(chat).containsKeys(SEED_01_FIELDS.toArray(String[]::new));
    assertThat(chat.get("id").toString()).matches("[0-9a-f-]{36}");
    assertThat(chat).containsEntry("channel", "twilio_sms").containsEntry("ttl_seconds", 600)
        .containsEntry("is_final", false).containsEntry("status", "active").containsEntry("final_reason", null);
    assertThat(Instant.parse((String) chat.get("created_time"))).isNotNull();
    assertThat(r.header("Location")).isEqualTo("/api/v1/chats/" + chat.get("id"));
    List<Object> messages = asList(chat.get("messages"));
    assertThat(messages).hasSize(1); // the default agent's greeting
    assertThat(asMap(messages.get(0))).containsEntry("role", "assistant").containsKeys("content", "tool_calls", "time");
  }

  @Test
  void seed_04_create_with_trailing_slash_answers_the_multitenant_shape() {
    HttpJson.Response r = http.post("/api/v1/chats/", Map.of("user_id", "user123", "title", "Support Session",
        "metadata", Map.of("department", "technical", "priority", "high")));
    assertThat(r.status()).isEqualTo(201);
    Map<String, Object> chat = r.json();
    assertThat(chat).containsKeys(SEED_04_FIELDS.toArray(String[]::new));
    assertThat(chat).containsEntry("user_id", "user123").containsEntry("title", "Support Session");
    assertThat(asMap(asMap(chat.get("config")).get("metadata"))).containsEntry("priority", "high");
    assertThat(chat.get("tenant_id").toString()).matches("[0-9a-f-]{36}");
  }

  @Test
  void text_that_postgresql_cannot_store_is_refused_as_bad_input_and_nothing_is_stored() {
    Object before = http.get("/api/v1/chats").json().get("total_count");
    HttpJson.Response r = http.post("/api/v1/chats", Map.of("title", "nul\u0000here", "metadata", Map.of("k", "a\u0000b")));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(http.get("/api/v1/chats").json().get("total_count")).isEqualTo(before);
    HttpJson.Response loneSurrogate = http.post("/api/v1/chats", "{\"external_id\": \"a\\ud800b\"}");
    assertThat(loneSurrogate.status()).as(loneSurrogate.body()).isEqualTo(400);
    assertThat(http.get("/api/v1/chats").json().get("total_count")).isEqualTo(before);
  }

  @Test
  void a_title_is_generated_when_absent() {
    Map<String, Object> chat = http.post("/api/v1/chats/", Map.of("user_id", "user456")).json();
    assertThat((String) chat.get("title")).contains("user456");
  }

  @Test
  void opening_an_endpoint_twice_returns_the_active_session_with_200() {
    Map<String, Object> body = Map.of("channel", "sms", "external_id", Map.of("from", "+1", "provider_id", externalId()));
    HttpJson.Response first = http.post("/api/v1/chats", body);
    HttpJson.Response second = http.post("/api/v1/chats", body);
    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("id")).isEqualTo(first.json().get("id"));
  }

  @Test
  void an_empty_external_id_never_dedupes() {
    HttpJson.Response a = http.post("/api/v1/chats", Map.of("channel", "sms", "external_id", Map.of()));
    HttpJson.Response b = http.post("/api/v1/chats", Map.of("channel", "sms", "external_id", Map.of()));
    assertThat(a.status()).isEqualTo(201);
    assertThat(b.status()).isEqualTo(201);
    assertThat(a.json().get("id")).isNotEqualTo(b.json().get("id"));
  }

  @Test
  void a_turn_answers_only_the_new_messages_and_the_transcript_keeps_them_in_order() {
    String id = (String) http.post("/api/v1/chats", Map.of()).json().get("id");
    HttpJson.Response turn = http.post("/api/v1/chats/" + id + "/messages", Map.of("content", "hello there"));
    assertThat(turn.status()).isEqualTo(200);
    assertThat(turn.json()).containsEntry("is_final", false).containsEntry("status", "active").containsEntry("chat_id", id);
    List<Object> messages = asList(turn.json().get("messages"));
    assertThat(messages).hasSize(1);
    assertThat(asMap(messages.get(0))).containsEntry("role", "assistant").containsEntry("content", "You said: hello there");

    List<Object> transcript = asList(http.get("/api/v1/chats/" + id).json().get("messages"));
    assertThat(transcript).extracting(m -> asMap(m).get("role")).containsExactly("assistant", "user", "assistant");
    assertThat(http.get("/api/v1/chats/" + id).json().get("last_message_at")).isNotNull();
  }

  @Test
  void a_retried_idempotency_key_replays_the_answer_and_stores_the_turn_once() {
    String id = (String) http.post("/api/v1/chats", Map.of()).json().get("id");
    Map<String, Object> body = Map.of("content", "just checking", "idempotency_key", "k-1");
    HttpJson.Response once = http.post("/api/v1/chats/" + id + "/messages", body);
    HttpJson.Response twice = http.post("/api/v1/chats/" + id + "/messages", body);
    assertThat(twice.status()).isEqualTo(200);
    assertThat(twice.json().get("messages")).isEqualTo(once.json().get("messages"));
    long userTurns = asList(http.get("/api/v1/chats/" + id).json().get("messages")).stream()
        .filter(m -> "just checking".equals(asMap(m).get("content"))).count();
    assertThat(userTurns).isEqualTo(1);
  }

  @Test
  void a_turn_that_ends_the_chat_is_replayed_as_final() {
    String id = (String) http.post("/api/v1/chats", Map.of()).json().get("id");
    Map<String, Object> body = Map.of("content", "bye", "idempotency_key", "bye-1");
    HttpJson.Response once = http.post("/api/v1/chats/" + id + "/messages", body);
    assertThat(once.json()).containsEntry("is_final", true).containsEntry("status", "final");
    HttpJson.Response twice = http.post("/api/v1/chats/" + id + "/messages", body);
    assertThat(twice.status()).isEqualTo(200);
    assertThat(twice.json()).containsEntry("is_final", true);
    assertThat(http.get("/api/v1/chats/" + id).json()).containsEntry("final_reason", "agent_finish");
  }

  @Test
  void end_is_idempotent_and_keeps_the_first_reason_and_a_final_chat_refuses_messages() {
    String id = (String) http.post("/api/v1/chats", Map.of()).json().get("id");
    HttpJson.Response ended = http.post("/api/v1/chats/" + id + "/end", Map.of("note", "closed by test"));
    assertThat(ended.status()).isEqualTo(200);
    assertThat(ended.json()).containsEntry("is_final", true).containsEntry("status", "final").containsEntry("final_reason", "user_end");
    HttpJson.Response again = http.post("/api/v1/chats/" + id + "/end", Map.of());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).containsEntry("final_reason", "user_end");
    HttpJson.Response late = http.post("/api/v1/chats/" + id + "/messages", Map.of("content", "hello?"));
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.contentType()).contains("application/problem+json");

    List<Object> activity = asList(http.get("/api/v1/chats/" + id + "/activity").json().get("items"));
    assertThat(activity).extracting(e -> asMap(e).get("kind")).contains("opened", "ended");
    assertThat(http.get("/api/v1/chats/" + id + "/activity").body()).contains("closed by test");
  }

  @Test
  void the_list_filters_by_state_agent_channel_and_user_newest_first() {
    String channel = "list-" + UUID.randomUUID().toString().substring(0, 8);
    String older = (String) http.post("/api/v1/chats", Map.of("channel", channel, "user_id", "u-list")).json().get("id");
    String newer = (String) http.post("/api/v1/chats", Map.of("channel", channel)).json().get("id");
    http.post("/api/v1/chats/" + older + "/end", Map.of());

    Map<String, Object> active = http.get("/api/v1/chats?state=active&channel=" + channel).json();
    assertThat(asList(active.get("items"))).extracting(i -> asMap(i).get("id")).containsExactly(newer);
    assertThat(active).containsEntry("total_count", 1).containsEntry("skip", 0).containsEntry("take", 20);

    Map<String, Object> all = http.get("/api/v1/chats?state=all&take=5&channel=" + channel).json();
    assertThat(asList(all.get("items"))).extracting(i -> asMap(i).get("id")).containsExactly(older, newer);

    Map<String, Object> finals = http.get("/api/v1/chats?status=final&channel=" + channel).json();
    assertThat(asList(finals.get("items"))).extracting(i -> asMap(i).get("id")).containsExactly(older);

    Map<String, Object> byUser = http.get("/api/v1/chats?state=all&user_id=u-list").json();
    assertThat(asList(byUser.get("items"))).extracting(i -> asMap(i).get("id")).containsExactly(older);

    Map<String, Object> bare = http.get("/api/v1/chats?state=all&include_messages=false&channel=" + channel).json();
    assertThat(asMap(asList(bare.get("items")).get(0))).containsEntry("messages", null);
  }

  @Test
  void another_tenant_cannot_read_list_message_or_end_the_chat() {
    String id = (String) http.post("/api/v1/chats", Map.of("channel", "isolated")).json().get("id");
    HttpJson other = http.withKey(newTenantKey("other"));
    assertThat(other.get("/api/v1/chats/" + id).status()).isEqualTo(404);
    assertThat(other.post("/api/v1/chats/" + id + "/messages", Map.of("content", "hi")).status()).isEqualTo(404);
    assertThat(other.post("/api/v1/chats/" + id + "/end", Map.of()).status()).isEqualTo(404);
    assertThat(other.get("/api/v1/chats/" + id + "/activity").status()).isEqualTo(404);
    assertThat(other.get("/api/v1/chats?state=all&take=200").body()).doesNotContain(id);
    assertThat(http.get("/api/v1/chats/" + id).json()).containsEntry("is_final", false);
  }

  @Test
  void missing_or_wrong_keys_are_401_and_bearer_works_like_x_api_key() {
    assertThat(http.withKey(null).get("/api/v1/chats").status()).isEqualTo(401);
    HttpJson.Response wrong = http.withKey("not-a-key").post("/api/v1/chats/", Map.of("user_id", "x"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.contentType()).contains("application/problem+json");
    HttpJson.Response bearer = http.withKey(null).send("GET", "/api/v1/chats", null, Map.of("Authorization", "Bearer " + apiKey));
    assertThat(bearer.status()).isEqualTo(200);
  }

  @Test
  void bad_input_is_a_clear_4xx_problem_and_changes_nothing() {
    long before = ((Number) http.get("/api/v1/chats?state=all&take=1").json().get("total_count")).longValue();
    HttpJson.Response malformed = http.post("/api/v1/chats", "{\"agent_id\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.contentType()).contains("application/problem+json");
    HttpJson.Response ttl = http.post("/api/v1/chats", Map.of("ttl_seconds", 5));
    assertThat(ttl.status()).isEqualTo(400);
    assertThat(ttl.json()).containsEntry("field", "/ttl_seconds");
    assertThat(http.post("/api/v1/chats", Map.of("ttl_seconds", 90000)).status()).isEqualTo(400);
    assertThat(http.post("/api/v1/chats", "{\"ttl_seconds\": \"soon\"}").status()).isEqualTo(400);
    HttpJson.Response unknownAgent = http.post("/api/v1/chats", Map.of("agent_id", UUID.randomUUID().toString()));
    assertThat(unknownAgent.status()).isEqualTo(400);
    assertThat(unknownAgent.json()).containsEntry("field", "/agent_id");
    assertThat(http.post("/api/v1/chats", Map.of("agent_id", "not-a-uuid")).status()).isEqualTo(400);
    assertThat(http.get("/api/v1/chats/not-a-uuid").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/chats/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/chats?take=500").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/chats?state=sleeping").status()).isEqualTo(400);
    HttpJson.Response huge = http.post("/api/v1/chats", Map.of("metadata", Map.of("blob", "x".repeat(2 * 1024 * 1024))));
    assertThat(huge.status()).isEqualTo(413);
    HttpJson.Response wrongType = http.send("POST", "/api/v1/chats", "<xml/>", Map.of("Content-Type", "application/xml"));
    assertThat(wrongType.status()).isEqualTo(415);
    long after = ((Number) http.get("/api/v1/chats?state=all&take=1").json().get("total_count")).longValue();
    assertThat(after).isEqualTo(before);

    String id = (String) http.post("/api/v1/chats", Map.of()).json().get("id");
    assertThat(http.post("/api/v1/chats/" + id + "/messages", Map.of("content", "")).status()).isEqualTo(400);
    HttpJson.Response tooLong = http.post("/api/v1/chats/" + id + "/messages", Map.of("content", "x".repeat(40_000)));
    assertThat(tooLong.status()).isEqualTo(413);
    assertThat(tooLong.json()).containsEntry("field", "/content");
    assertThat(http.post("/api/v1/chats/" + id + "/messages", Map.of("content", "hi", "idempotency_key", "k".repeat(129))).status())
        .isEqualTo(400);
    assertThat(asList(http.get("/api/v1/chats/" + id).json().get("messages"))).hasSize(1);
  }

  @Test
  void the_idempotency_key_header_replays_creates_and_refuses_another_body() {
    String key = "create-" + UUID.randomUUID();
    Map<String, Object> body = Map.of("channel", "web", "user_id", "idem");
    HttpJson.Response first = http.post("/api/v1/chats", body, Map.of("Idempotency-Key", key));
    HttpJson.Response retry = http.post("/api/v1/chats", body, Map.of("Idempotency-Key", key));
    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.json().get("id")).isEqualTo(first.json().get("id"));
    assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
    HttpJson.Response other = http.post("/api/v1/chats", Map.of("channel", "web", "user_id", "someone else"),
        Map.of("Idempotency-Key", key));
    assertThat(other.status()).isEqualTo(422);
  }
}
