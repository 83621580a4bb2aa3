package dev.parley.bootstrap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.application.usecase.tenant.CreateTenant;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server the way the JVM's shutdown hook does (SIGTERM) while a turn is waiting on a slow tool: the
 * turn finishes and its answer reaches the client, it is committed, and the server then stops.
 */
class GracefulShutdownTest {
  private static final Duration TOOL_DELAY = Duration.ofSeconds(3);
  private TestDatabase.Database database;
  private HttpServer tool;
  private EmbeddedServer server;

  @AfterEach
  void cleanUp() {
    if (server != null && server.isRunning()) server.stop();
    if (tool != null) tool.stop(0);
    if (database != null) TestDatabase.drop(database);
  }

  @Test
  void an_in_flight_turn_finishes_and_is_committed_before_the_server_stops() throws Exception {
    CountDownLatch toolCalled = new CountDownLatch(1);
    tool = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    tool.createContext("/tools/slow", exchange -> {
      exchange.getRequestBody().readAllBytes();
      toolCalled.countDown();
      try {
        Thread.sleep(TOOL_DELAY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] answer = "{\"status\":\"shipped\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    tool.start();

    database = TestDatabase.create();
    Map<String, Object> properties = database.serverProperties(4);
    properties.put("parley.outbound.allow-loopback", true);
    server = ApplicationContext.run(EmbeddedServer.class, properties); // the shutdown settings of application.yml
    ApplicationContext context = server.getApplicationContext();
    String key = context.getBean(CreateTenant.class).create("graceful").apiKey();
    URI base = server.getURI();
    HttpJson http = new HttpJson(base, key);

    String toolUrl = "http://127.0.0.1:" + tool.getAddress().getPort() + "/tools/slow";
    Map<String, Object> agent = Map.of("name", "Slow", "greeting", "Hi",
        "script", Map.of("rules", List.of(Map.of("match", "(?i)order",
            "tool", Map.of("name", "slowLookup", "arguments", Map.of()), "reply", "Status: {{tool.slowLookup.status}}")),
            "fallback", "ok"),
        "tools", List.of(Map.of("name", "slowLookup", "description", "slow", "parameters", Map.of("type", "object"),
            "webhook", Map.of("url", toolUrl, "timeout_ms", 10_000))));
    String agentId = (String) http.post("/api/v1/agents", agent).json().get("id");
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");

    HttpClient client = HttpClient.newHttpClient();
    CompletableFuture<HttpResponse<String>> turn = client.sendAsync(HttpRequest.newBuilder(
            base.resolve("/api/v1/chats/" + chat + "/messages"))
        .header("X-API-Key", key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"where is my order?\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(toolCalled.await(10, TimeUnit.SECONDS)).as("the turn reached the slow tool").isTrue();

    long started = System.nanoTime();
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop); // what the shutdown hook calls
    Thread.sleep(500);
    assertThat(turn).as("the turn is still running").isNotDone();
    assertThat(refused(HttpClient.newHttpClient(), base)).as("new connections are refused during the grace period").isTrue();
    HttpResponse<String> answer = turn.get(30, TimeUnit.SECONDS);
    stopping.get(60, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("Status: shipped");
    assertThat(server.isRunning()).isFalse();
    assertThat(took).isLessThan(Duration.ofSeconds(30));
    Map<String, Object> row = database.sql().rows(
        "SELECT message_count, turn_lease_owner FROM chat_sessions WHERE id = ?", UUID.fromString(chat)).get(0);
    assertThat(((Number) row.get("message_count")).intValue()).as("greeting, user message, tool call, answer...")
        .isGreaterThanOrEqualTo(3);
    assertThat(row.get("turn_lease_owner")).as("the turn lease is released").isNull();
    assertThat(refused(client, base)).as("no new requests after the stop").isTrue();
  }

  private static boolean refused(HttpClient client, URI base) {
    try {
      client.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      return false;
    } catch (Exception e) {
      return true;
    }
  }
}
