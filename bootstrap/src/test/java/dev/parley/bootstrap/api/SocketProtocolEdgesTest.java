package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.RawWebSocket;
import dev.parley.bootstrap.support.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 edges of both socket protocols (#16.8): a text frame that is not UTF-8 closes with 1007, a frame with a
 * reserved bit set and no extension negotiated closes with 1002; and a webCall {@code initialize} naming a recordId
 * without its resume token is refused, not turned into a new chat.
 */
class SocketProtocolEdgesTest extends ApiTestBase {
  /** "{"a":"" then 0xC3 0x28 (an invalid two-byte sequence) then ""}". */
  private static final byte[] INVALID_UTF8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
  private static final byte[] VALID_TEXT = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

  private String webCallPath;
  private String vendorPath;

  @BeforeAll
  void integration() {
    Map<String, Object> agent = Map.of("name", "Edges", "greeting", "Hello", "script", Map.of("rules", List.of(), "fallback", "ok"));
    String agentId = (String) http.post("/api/v1/agents", agent).json().get("id");
    HttpJson.Response created = http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of("allow_web_chat", true));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    webCallPath = "/api/v1/ws/webCall?token=" + URLEncoder.encode((String) created.json().get("token"), StandardCharsets.UTF_8);
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agentId, "user_id", "edge-user")).json().get("id");
    vendorPath = "/ws/chat?api_key=" + URLEncoder.encode(apiKey, StandardCharsets.UTF_8) + "&user_id=edge-user&chat_id=" + chat;
  }

  private int closeCodeAfter(String path, int firstByte, byte[] payload) throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(server.getURI(), path)) {
      ws.sendFrame(firstByte, payload);
      return ws.awaitCloseCode(5000);
    }
  }

  @Test
  void the_raw_client_speaks_the_protocol_a_valid_frame_gets_an_answer_and_the_socket_stays_open() throws Exception {
    for (String path : List.of(webCallPath, vendorPath)) {
      try (RawWebSocket ws = RawWebSocket.connect(server.getURI(), path)) {
        ws.sendFrame(RawWebSocket.FIN | RawWebSocket.OP_TEXT, VALID_TEXT);
        assertThat(ws.readText()).as(path).isNotNull();
        assertThat(ws.awaitCloseCode(500)).as(path).isEqualTo(-2); // still open
      }
    }
  }

  @Test
  void a_text_frame_that_is_not_utf8_closes_the_socket_with_1007() throws Exception {
    for (String path : List.of(webCallPath, vendorPath)) {
      int code = closeCodeAfter(path, RawWebSocket.FIN | RawWebSocket.OP_TEXT, INVALID_UTF8);
      Misuse.record("websocket-invalid-utf8", "text frame with bytes C3 28 on " + path.substring(0, path.indexOf('?')),
          code == -2 ? "socket left open" : "closed with " + code);
      assertThat(code).as(path).isEqualTo(1007);
    }
  }

  @Test
  void a_frame_with_a_reserved_bit_and_no_extension_closes_the_socket_with_1002() throws Exception {
    for (String path : List.of(webCallPath, vendorPath)) {
      int code = closeCodeAfter(path, RawWebSocket.FIN | RawWebSocket.RSV1 | RawWebSocket.OP_TEXT, VALID_TEXT);
      Misuse.record("websocket-reserved-bits", "text frame with RSV1 set, no extension negotiated, on " + path.substring(0, path.indexOf('?')),
          code == -2 ? "socket left open" : "closed with " + code);
      assertThat(code).as(path).isEqualTo(1002);
    }
  }

  @Test
  void initialize_naming_a_record_without_its_resume_token_is_refused_not_a_new_chat() {
    String recordId;
    try (WsClient first = WsClient.connect(server.getURI(), webCallPath.substring(webCallPath.indexOf('?')))) {
      first.send(initialize(Map.of()));
      recordId = (String) asMap(first.awaitEvent("connection").get("data")).get("recordId");
    }
    for (String named : List.of(recordId, UUID.randomUUID().toString())) {
      try (WsClient ws = WsClient.connect(server.getURI(), webCallPath.substring(webCallPath.indexOf('?')))) {
        ws.send(initialize(Map.of("recordId", named)));
        Map<String, Object> error = asMap(ws.awaitType("error").get("data"));
        boolean started = ws.received().stream().anyMatch(m -> "connection".equals(m.get("name")));
        Misuse.record("webcall-resume-without-token", "initialize with request.recordId " + (named.equals(recordId) ? "of an open chat" : "unknown")
            + " and no resumeToken", "error " + error.get("code") + (started ? ", and a chat started" : ", no chat started"));
        assertThat(error.get("code")).isEqualTo("invalid_resume_token");
        assertThat(started).isFalse();
      }
    }
  }

  private static Map<String, Object> initialize(Map<String, Object> extra) {
    Map<String, Object> request = new java.util.HashMap<>(Map.of("callType", "chat"));
    request.putAll(extra);
    return Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", request);
  }
}
