package dev.parley.bootstrap.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.ValidatingProxy;
import dev.parley.bootstrap.support.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validating proxy that ConformanceSuiteTest runs the public suite through: it relays HTTP and WebSocket traffic
 * for real (a client behind it sees what the server sends, close codes included), and it is not blind — a frame the
 * document does not describe, that the server took without refusing it, is reported.
 */
class ValidatingProxyTest extends ApiTestBase {
  private String token;

  @BeforeAll
  void createIntegration() {
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "Proxied", "greeting", "Hi there",
        "script", Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}"))).json().get("id");
    token = (String) http.post("/api/v1/agents/" + agent + "/web-integrations", Map.of("allow_web_chat", true)).json().get("token");
  }

  @Test
  void http_and_websocket_traffic_is_relayed_both_ways_and_checked() {
    try (ValidatingProxy proxy = ValidatingProxy.start(server.getURI())) {
      relayed(proxy);
    }
  }

  private void relayed(ValidatingProxy proxy) {
    HttpJson viaProxy = new HttpJson(proxy.uri(), apiKey);
    assertThat(viaProxy.get("/api/v1/chats?take=5").status()).isEqualTo(200);
    int frames = proxy.frames();
    try (WsClient socket = WsClient.connect(proxy.uri(), "?token=" + token)) {
      socket.send(Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", Map.of("callType", "chat")));
      socket.awaitEvent("connection");
      socket.send(Map.of("type", "incomingChatMessage", "content", "hello", "timestamp", Instant.now().toString()));
      socket.awaitText("assistant", "You said: hello");
      socket.sendRaw("this is not json"); // refused by the server with an error frame: not a violation
      socket.await(frame -> "error".equals(frame.get("type")), "the error frame");
    }
    try (WsClient refused = WsClient.connect(proxy.uri(), "?token=not-a-token")) {
      assertThat(refused.awaitClose().code()).isEqualTo(1008);
      assertThat(refused.received()).anySatisfy(frame -> assertThat(frame).containsEntry("type", "error"));
    }
    assertThat(proxy.frames() - frames).isGreaterThanOrEqualTo(7);
    assertThat(proxy.exchanges()).isPositive();
    assertThat(proxy.violations()).isEmpty();
  }

  @Test
  void a_frame_the_document_does_not_describe_is_reported_unless_the_server_refuses_it() {
    try (ValidatingProxy proxy = ValidatingProxy.start(server.getURI())) {
      reported(proxy);
    }
  }

  private void reported(ValidatingProxy proxy) {
    try (WsClient socket = WsClient.connect(proxy.uri(), "?token=" + token)) {
      socket.send(Map.of("type", "initialize", "request", Map.of("callType", "chat")));
      socket.awaitEvent("connection");
      // the document says a client timestamp is a string; the server does not read it, so it does not refuse this
      socket.sendUnchecked(Map.of("type", "terminate", "timestamp", 20250120));
      socket.awaitType("conversationResult");
      socket.awaitClose();
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(proxy.violations())
        .anySatisfy(v -> assertThat(v).contains("did not refuse").contains("/timestamp")));
  }
}
