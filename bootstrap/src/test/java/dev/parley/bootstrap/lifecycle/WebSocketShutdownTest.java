package dev.parley.bootstrap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.service.CreateTenant;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.TestDatabase;
import dev.parley.bootstrap.support.WsClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An open web chat socket during a graceful stop: the stop does not wait the grace period out for it, and the socket
 * is closed (so the client reconnects and resumes on another instance).
 */
class WebSocketShutdownTest {
  private TestDatabase.Database database;
  private EmbeddedServer server;

  @AfterEach
  void cleanUp() {
    if (server != null && server.isRunning()) server.stop();
    if (database != null) TestDatabase.drop(database);
  }

  @Test
  void an_open_socket_does_not_hold_the_stop_and_is_closed() {
    database = TestDatabase.create();
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.server.port", -1);
    properties.put("datasources.default.url", database.url());
    properties.put("datasources.default.username", database.user());
    properties.put("datasources.default.password", database.password());
    properties.put("datasources.default.maximum-pool-size", 4);
    server = ApplicationContext.run(EmbeddedServer.class, properties);
    String key = server.getApplicationContext().getBean(CreateTenant.class).create("ws-stop").apiKey();
    HttpJson http = new HttpJson(server.getURI(), key);
    String agentId = (String) http.post("/api/v1/agents", Map.of("name", "Web", "greeting", "Hi")).json().get("id");
    String token = (String) http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of("allow_web_chat", true)).json().get("token");

    WsClient ws = WsClient.connect(server.getURI(), "?token=" + token);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("callType", "chat");
    ws.send(Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", request));
    ws.awaitEvent("connection");

    long started = System.nanoTime();
    server.stop();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    ws.awaitClose(); // today without a close frame (1006): see docs/operations.md
    assertThat(ws.isClosed()).isTrue();
    assertThat(took).as("an idle socket does not hold the stop for the grace period").isLessThan(Duration.ofSeconds(10));
  }
}
