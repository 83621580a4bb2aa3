package dev.parley.bootstrap.control;

import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.WsClient;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webCall streaming extension (issue 23): a socket that sends {@code initialize} with {@code request.streaming:
 * true} gets {@code textDelta} frames while a slow OpenAI-compatible model (loopback, a piece every 60 ms) writes,
 * then the usual {@code text} frame; a socket without it gets no delta and the same frames as before. Every frame is
 * checked against the AsyncAPI document by {@link WsClient}.
 */
class WebCallStreamingTest extends ApiTestBase {
  private ModelStub model;
  private String token;

  @BeforeAll
  void startModelAndAgent() throws IOException {
    model = new ModelStub(60);
    Map<String, Object> agent = Map.of("name", "Streaming web bot",
        "model", Map.of("provider", "openai", "model", "stub", "base_url", model.baseUrl()));
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    HttpJson.Response integration = http.post("/api/v1/agents/" + created.json().get("id") + "/web-integrations",
        Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    token = (String) integration.json().get("token");
  }

  @AfterAll
  void stopModel() {
    if (model != null) model.close();
  }

  private WsClient open(Map<String, Object> request) {
    WsClient ws = WsClient.connect(server.getURI(), "?token=" + token);
    ws.send(Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", request));
    return ws;
  }

  private static void say(WsClient ws, String text) {
    ws.send(Map.of("type", "incomingChatMessage", "content", text, "timestamp", Instant.now().toString()));
  }

  private static boolean isAssistantText(Map<String, Object> m) {
    return "text".equals(m.get("type")) && "assistant".equals(asMap(m.get("content")).get("source"));
  }

  @Test
  void an_opted_in_socket_gets_deltas_while_the_model_writes_then_the_same_final_text_and_a_resume_replays_no_delta() {
    String full = fullReply();
    Map<String, Object> connection;
    try (WsClient ws = open(Map.of("callType", "chat", "streaming", true))) {
      connection = asMap(ws.awaitEvent("connection").get("data"));
      say(ws, "tell me a story");
      ws.awaitType("textDelta");
      assertThat(model.piecesWritten.get()).as("the first delta arrived while the model was still writing").isLessThan(ModelStub.TOKENS);
      Map<String, Object> text = ws.await(WebCallStreamingTest::isAssistantText, "the assistant's text");
      assertThat(String.valueOf(asMap(text.get("content")).get("text")).strip()).isEqualTo(full.strip());

      List<Map<String, Object>> frames = ws.received();
      int textAt = frames.indexOf(text);
      List<Map<String, Object>> deltas = frames.stream().filter(m -> "textDelta".equals(m.get("type"))).toList();
      assertThat(deltas).hasSizeGreaterThanOrEqualTo(2);
      assertThat(deltas).allSatisfy(d -> assertThat(frames.indexOf(d)).isLessThan(textAt))
          .allSatisfy(d -> assertThat(d).doesNotContainKey("seq"));
      StringBuilder streamed = new StringBuilder();
      for (Map<String, Object> d : deltas) streamed.append(asMap(d.get("content")).get("delta"));
      assertThat(streamed.toString()).as("the deltas add up to the final text").isEqualTo(full);
      // the numbered frames stay gapless: deltas take no seq
      List<Long> seqs = frames.stream().filter(m -> m.containsKey("seq")).map(m -> ((Number) m.get("seq")).longValue()).toList();
      for (int i = 1; i < seqs.size(); i++) assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
    }
    Map<String, Object> resume = new LinkedHashMap<>();
    resume.put("callType", "chat");
    resume.put("recordId", connection.get("recordId"));
    resume.put("resumeToken", connection.get("resumeToken"));
    resume.put("lastSeq", 0);
    resume.put("streaming", true);
    try (WsClient again = open(resume)) {
      again.awaitEvent("opened");
      Map<String, Object> replayed = asMap(again.await(WebCallStreamingTest::isAssistantText, "the replayed reply").get("content"));
      assertThat(String.valueOf(replayed.get("text")).strip()).isEqualTo(full.strip());
      assertThat(again.received()).as("a replay holds the final text only").noneMatch(m -> "textDelta".equals(m.get("type")));
    }
  }

  @Test
  void a_socket_without_the_option_gets_no_delta_and_the_reply_as_before() {
    for (Map<String, Object> request : List.of(Map.<String, Object>of("callType", "chat"), Map.<String, Object>of("callType", "chat", "streaming", false))) {
      try (WsClient ws = open(request)) {
        ws.awaitEvent("connection");
        say(ws, "hello");
        assertThat(asMap(ws.await(WebCallStreamingTest::isAssistantText, "the assistant's text").get("content")))
            .containsEntry("text", "plain reply");
        assertThat(ws.received()).as(request.toString()).noneMatch(m -> "textDelta".equals(m.get("type")));
      }
    }
  }

  @Test
  void a_streaming_field_that_is_not_a_boolean_is_refused_naming_it() {
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + token)) {
      ws.sendUnchecked(Map.of("type", "initialize", "request", Map.of("callType", "chat", "streaming", "yes")));
      assertThat(String.valueOf(asMap(ws.awaitError("invalid_message").get("data")).get("message"))).contains("/request/streaming");
      assertThat(ws.received()).noneMatch(m -> "event".equals(m.get("type")) && "connection".equals(m.get("name")));
    }
  }

  private static String fullReply() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < ModelStub.TOKENS; i++) s.append("w").append(i).append(' ');
    return s.toString();
  }
}
