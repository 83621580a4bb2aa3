package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.AtRestScan;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A reused idempotency key never silently answers another request (issue 17.5), in the body and in the header. */
class IdempotencyKeysTest extends ApiTestBase {

  private String newChat() {
    return (String) http.post("/api/v1/chats", Map.of()).json().get("id");
  }

  private List<Object> contents(String chat) {
    return asList(http.get("/api/v1/chats/" + chat).json().get("messages")).stream().map(m -> asMap(m).get("content")).toList();
  }

  @Test
  void a_body_idempotency_key_reused_with_other_content_is_422_like_the_header_form() {
    String chat = newChat();
    HttpJson.Response first = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "first", "idempotency_key", "k-1"));
    assertThat(first.status()).isEqualTo(200);
    HttpJson.Response same = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "first", "idempotency_key", "k-1"));
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.json().get("messages")).isEqualTo(first.json().get("messages"));

    HttpJson.Response other = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "second", "idempotency_key", "k-1"));
    Misuse.record("idempotency-body-key", "POST /api/v1/chats/{id}/messages with idempotency_key k-1 reused for other content",
        other.status() + " " + other.json().get("code"));
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.contentType()).contains("application/problem+json");

    HttpJson.Response header = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "third"), Map.of("Idempotency-Key", "h-1"));
    assertThat(header.status()).isEqualTo(200);
    HttpJson.Response headerOther = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "fourth"), Map.of("Idempotency-Key", "h-1"));
    assertThat(headerOther.status()).isEqualTo(422);
    assertThat(other.json().get("code")).isEqualTo(headerOther.json().get("code"));

    HttpJson.Response streamed = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "fifth", "idempotency_key", "k-1"),
        Map.of("Accept", "text/event-stream"));
    assertThat(streamed.status()).isEqualTo(422);
    assertThat(contents(chat)).doesNotContain("second", "fourth", "fifth").contains("first", "third");
  }

  @Test
  void a_web_integration_created_twice_with_one_key_is_one_token_and_other_input_is_422() {
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "Web", "greeting", "Hi")).json().get("id");
    String path = "/api/v1/agents/" + agent + "/web-integrations";
    Map<String, String> key = Map.of("Idempotency-Key", "wi-" + UUID.randomUUID());
    Map<String, Object> body = Map.of("allow_web_chat", true, "allowed_origins", List.of("https://shop.example"));

    HttpJson.Response first = http.post(path, body, key);
    HttpJson.Response again = http.post(path, body, key);
    HttpJson.Response other = http.post(path, Map.of("allow_web_chat", false), key);
    int live = asList(http.get(path).json().get("items")).size();
    Misuse.record("idempotency-web-integration", "POST .../web-integrations twice with one Idempotency-Key, then other input with it",
        first.status() + ", " + again.status() + " (same token: " + first.json().get("token").equals(again.json().get("token"))
            + "), " + other.status() + "; live integrations " + live);
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    assertThat(other.status()).isEqualTo(422);
    assertThat(live).isEqualTo(1);

    String token = (String) first.json().get("token");
    assertThat(AtRestScan.find(database.sql(), token).hits()).as("the token is never stored in clear").isEmpty();
    assertThat(http.post(path, body).status()).isEqualTo(201); // without a key: a new integration each time
  }
}
