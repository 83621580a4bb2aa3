package dev.parley.bootstrap.lifecycle;

import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.usecase.tenant.CreateTenant;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.TestDatabase;
import dev.parley.bootstrap.support.WsClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An open web chat socket during a graceful stop: the stop does not wait the grace period out for it, the socket is
 * closed with 1001 and a reason that says to resume, and the client resumes the chat on another instance.
 */
class WebSocketShutdownTest {
  private TestDatabase.Database database;
  private EmbeddedServer server;
  private EmbeddedServer other;

  @AfterEach
  void cleanUp() {
    if (server != null && server.isRunning()) server.stop();
    if (other != null && other.isRunning()) other.stop();
    if (database != null) TestDatabase.drop(database);
  }

  @Test
  void an_open_socket_does_not_hold_the_stop_is_told_why_and_resumes_elsewhere() {
    database = TestDatabase.create();
    server = start();
    String key = server.getApplicationContext().getBean(CreateTenant.class).create("ws-stop").apiKey();
    HttpJson http = new HttpJson(server.getURI(), key);
    String agentId = (String) http.post("/api/v1/agents", Map.of("name", "Web", "greeting", "Hi")).json().get("id");
    String token = (String) http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of("allow_web_chat", true)).json().get("token");

    WsClient ws = WsClient.connect(server.getURI(), "?token=" + token);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("callType", "chat");
    ws.send(Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", request));
    Map<String, Object> connection = asMap(ws.awaitEvent("connection").get("data"));
    ws.awaitText("assistant", "Hi");

    long started = System.nanoTime();
    server.stop();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    WsClient.Closed closed = ws.awaitClose();
    assertThat(closed.code()).as("going away").isEqualTo(1001);
    assertThat(closed.reason()).isEqualTo("server shutting down; resume with your resume token");
    assertThat(took).as("an idle socket does not hold the stop for the grace period").isLessThan(Duration.ofSeconds(10));

    other = start(); // the instance the load balancer sends the reconnect to
    try (WsClient resumed = WsClient.connect(other.getURI(), "?token=" + token)) {
      resumed.send(Map.of("type", "initialize", "request", Map.of("callType", "chat",
          "recordId", connection.get("recordId"), "resumeToken", connection.get("resumeToken"))));
      Map<String, Object> again = asMap(resumed.awaitEvent("connection").get("data"));
      assertThat(again.get("recordId")).isEqualTo(connection.get("recordId"));
      assertThat(again.get("resumed")).isEqualTo(true);
      resumed.send(Map.of("type", "incomingChatMessage", "content", "still there?"));
      resumed.awaitText("user", "still there?");
    }
  }

  @Test
  void a_vendor_chat_socket_is_told_to_reconnect_when_the_server_stops() {
    database = TestDatabase.create();
    server = start();
    String key = server.getApplicationContext().getBean(CreateTenant.class).create("vendor-stop").apiKey();
    String chatId = (String) new HttpJson(server.getURI(), key).post("/api/v1/chats", Map.of("user_id", "u1")).json().get("id");
    WsClient ws = WsClient.connectTo(server.getURI(), "/ws/chat?api_key=" + key + "&user_id=u1&chat_id=" + chatId, Map.of());
    ws.await(m -> "connection_established".equals(m.get("event_type")), "connection_established");

    server.stop();

    WsClient.Closed closed = ws.awaitClose();
    assertThat(closed.code()).as("going away").isEqualTo(1001);
    assertThat(closed.reason()).isEqualTo("server shutting down; reconnect with the chat_id to continue");
  }

  private EmbeddedServer start() {
    Map<String, Object> properties = database.serverProperties(4);
    return ApplicationContext.run(EmbeddedServer.class, properties);
  }
}
