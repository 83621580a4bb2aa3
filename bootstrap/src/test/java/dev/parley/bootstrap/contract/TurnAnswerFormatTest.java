package dev.parley.bootstrap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/chats/{id}/messages answers JSON or server-sent events by the Accept header. A client that takes both
 * and ranks JSON first (what generated clients send: {@code application/json, text/event-stream}) gets JSON.
 */
class TurnAnswerFormatTest extends ApiTestBase {
  private String chat() {
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "Echo", "script",
        Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}"))).json().get("id");
    return (String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id");
  }

  private HttpJson.Response turn(String accept) {
    return http.post("/api/v1/chats/" + chat() + "/messages", Map.of("content", "hello"), Map.of("Accept", accept));
  }

  @Test
  void json_ranked_first_or_higher_gets_json() {
    for (String accept : List.of("application/json, text/event-stream", "text/event-stream;q=0.5, application/json",
        "*/*", "application/json")) {
      HttpJson.Response answer = turn(accept);
      assertThat(answer.status()).as(accept).isEqualTo(200);
      assertThat(answer.contentType()).as(accept).startsWith("application/json");
      assertThat(answer.body()).as(accept).contains("You said: hello");
    }
  }

  @Test
  void the_stream_ranked_first_or_alone_gets_the_stream() {
    for (String accept : List.of("text/event-stream", "text/event-stream, application/json",
        "application/json;q=0.5, text/event-stream")) {
      HttpJson.Response answer = turn(accept);
      assertThat(answer.status()).as(accept).isEqualTo(200);
      assertThat(answer.contentType()).as(accept).startsWith("text/event-stream");
      assertThat(answer.body()).as(accept).contains("event: turn").contains("[DONE]");
    }
  }
}
