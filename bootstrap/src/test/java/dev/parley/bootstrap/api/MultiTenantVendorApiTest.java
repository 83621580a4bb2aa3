package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Streaming turns over SSE, message pagination, per-user listing and real erasure (issue 9's REST side). */
class MultiTenantVendorApiTest extends ApiTestBase {

  record SseEvent(String name, String data, long atMillis) {}

  private List<SseEvent> stream(String path, Map<String, Object> body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(http.base().resolve(path)).header("X-API-Key", apiKey)
        .header("Content-Type", "application/json").header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(HttpJson.write(body))).build();
    HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse("")).contains("text/event-stream");
    List<SseEvent> events = new ArrayList<>();
    String[] name = {null};
    response.body().forEach(line -> {
      if (line.startsWith("event:")) name[0] = line.substring(6).trim();
      else if (line.startsWith("data:")) {
        events.add(new SseEvent(name[0], line.substring(5).trim(), System.currentTimeMillis()));
        name[0] = null;
      }
    });
    return events;
  }

  @Test
  void a_streamed_turn_sends_tokens_before_the_reply_is_complete_and_stores_the_same_transcript_as_json() throws Exception {
    HttpServer model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    model.createContext("/v1/chat/completions", exchange -> {
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", request.contains("\"stream\":true") ? "text/event-stream" : "application/json");
      exchange.sendResponseHeaders(200, 0);
      try (var out = exchange.getResponseBody()) {
        if (!request.contains("\"stream\":true")) {
          out.write(("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there friend\"},"
              + "\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8));
          return;
        }
        for (String token : List.of("Hello", " there", " friend")) {
          out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + token + "\"}}]}\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(400);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    model.start();
    try {
      String agent = (String) http.post("/api/v1/agents", Map.of("name", "Streamer", "model", Map.of("provider", "openai",
          "model", "stub", "base_url", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1"))).json().get("id");
      String streamed = (String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id");
      List<SseEvent> events = stream("/api/v1/chats/" + streamed + "/messages", Map.of("content", "hi"));

      List<SseEvent> deltas = events.stream().filter(e -> "delta".equals(e.name())).toList();
      SseEvent turn = events.stream().filter(e -> "turn".equals(e.name())).findFirst().orElseThrow();
      assertThat(deltas).hasSize(3);
      assertThat(turn.atMillis() - deltas.get(0).atMillis()).isGreaterThanOrEqualTo(500); // the first token came early
      assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
      Map<String, Object> final_ = new HttpJson.Response(200, Map.of(), turn.data()).json();
      assertThat(final_).containsEntry("is_final", false).containsEntry("status", "active");
      assertThat(asMap(asList(final_.get("messages")).get(0))).containsEntry("content", "Hello there friend");

      String plain = (String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id");
      http.post("/api/v1/chats/" + plain + "/messages", Map.of("content", "hi"));
      assertThat(contents(streamed)).isEqualTo(contents(plain));
    } finally {
      model.stop(0);
    }
  }

  private List<Object> contents(String chatId) {
    return asList(http.get("/api/v1/chats/" + chatId).json().get("messages")).stream()
        .map(m -> asMap(m).get("role") + ":" + asMap(m).get("content")).map(Object.class::cast).toList();
  }

  @Test
  void problems_before_the_stream_starts_are_plain_problem_answers() throws Exception {
    String id = (String) http.post("/api/v1/chats", Map.of()).json().get("id");
    http.post("/api/v1/chats/" + id + "/end", Map.of());
    HttpJson.Response late = http.post("/api/v1/chats/" + id + "/messages", Map.of("content", "hi"), Map.of("Accept", "text/event-stream"));
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.contentType()).contains("application/problem+json");
  }

  @Test
  void messages_are_paginated_with_offset_limit_and_order() {
    String id = (String) http.post("/api/v1/chats", Map.of()).json().get("id");
    for (int i = 1; i <= 3; i++) http.post("/api/v1/chats/" + id + "/messages", Map.of("content", "m" + i));
    Map<String, Object> first = http.get("/api/v1/chats/" + id + "/messages?limit=2").json();
    assertThat(first).containsEntry("total_count", 7).containsEntry("offset", 0).containsEntry("limit", 2).containsEntry("order", "asc");
    assertThat(asList(first.get("messages"))).extracting(m -> asMap(m).get("seq")).containsExactly(0, 1);
    Map<String, Object> last = http.get("/api/v1/chats/" + id + "/messages?order=desc&limit=2").json();
    assertThat(asList(last.get("messages"))).extracting(m -> asMap(m).get("content")).containsExactly("You said: m3", "m3");
    assertThat(asList(http.get("/api/v1/chats/" + id + "/messages?offset=6").json().get("messages"))).hasSize(1);
    assertThat(http.get("/api/v1/chats/" + id + "/messages?order=sideways").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/chats/" + id + "/messages?limit=0").status()).isEqualTo(400);
  }

  @Test
  void a_users_chats_are_listed_newest_first() {
    String a = (String) http.post("/api/v1/chats/", Map.of("user_id", "vendor-user")).json().get("id");
    String b = (String) http.post("/api/v1/chats/", Map.of("user_id", "vendor-user")).json().get("id");
    http.post("/api/v1/chats/", Map.of("user_id", "someone-else"));
    List<Object> chats = HttpJson.asList(http.get("/api/v1/chats/user/vendor-user").parsed());
    assertThat(chats).extracting(c -> asMap(c).get("id")).containsExactly(b, a);
  }

  @Test
  void deleting_a_chat_erases_its_rows_keeps_an_audit_record_and_refuses_while_a_turn_runs() throws Exception {
    String id = (String) http.post("/api/v1/chats", Map.of("user_id", "erase-me")).json().get("id");
    http.post("/api/v1/chats/" + id + "/messages", Map.of("content", "my secret address"));
    http.post("/api/v1/chats/" + id + "/end", Map.of());

    sql("UPDATE chat_sessions SET turn_lease_until = now() + interval '1 minute' WHERE id = '" + id + "'");
    assertThat(http.delete("/api/v1/chats/" + id).status()).isEqualTo(409);
    sql("UPDATE chat_sessions SET turn_lease_until = NULL WHERE id = '" + id + "'");

    assertThat(http.withKey(newTenantKey("stranger")).delete("/api/v1/chats/" + id).status()).isEqualTo(404);
    assertThat(http.delete("/api/v1/chats/" + id).status()).isEqualTo(204);
    assertThat(http.get("/api/v1/chats/" + id).status()).isEqualTo(404);
    assertThat(http.delete("/api/v1/chats/" + id).status()).isEqualTo(404);
    for (String table : List.of("chat_sessions WHERE id", "chat_messages WHERE chat_id", "activity_log WHERE chat_id",
        "webhook_outbox WHERE chat_id"))
      assertThat(count("SELECT count(*) FROM " + table + " = '" + id + "'")).as(table).isZero();
    assertThat(count("SELECT count(*) FROM chat_erasures WHERE chat_id = '" + id + "' AND erased_by LIKE 'key:%'")).isEqualTo(1);
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password())) {
      c.createStatement().executeUpdate(statement);
    }
  }

  private long count(String query) throws Exception {
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
         ResultSet rs = c.createStatement().executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
