package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A turn whose tool outlasts the turn lease (#17.2): the lease is 2 s here and the {@code refund} tool takes 6 s. The
 * running turn keeps its lease; a second message meanwhile waits and is refused as {@code turn_in_progress}; the tool
 * is called once; a turn that lost its lease anyway neither goes on nor commits.
 */
class TurnLeaseTest extends ApiTestBase {
  private static final long TOOL_MILLIS = 6_000;
  private HttpServer toolServer;
  private final AtomicInteger refunds = new AtomicInteger();
  private volatile Runnable whileRefunding = () -> {};
  private String agentId;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.limits.turn-lease", "2s", "parley.limits.turn-wait", "1s");
  }

  @BeforeAll
  void startSlowTool() throws IOException {
    toolServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    toolServer.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    toolServer.createContext("/tools/refund", exchange -> {
      exchange.getRequestBody().readAllBytes();
      refunds.incrementAndGet();
      whileRefunding.run();
      sleep(TOOL_MILLIS);
      byte[] body = "{\"status\": \"refunded\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    toolServer.start();
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", "Refunds");
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", List.of(Map.of("match", "(?i)refund",
        "tool", Map.of("name", "refund", "arguments", Map.of("order", "42")), "reply", "Order 42: {{tool.refund.status}}")),
        "fallback", "You said: {{last_user_message}}"));
    agent.put("tools", List.of(Map.of("name", "refund", "description", "Refund an order", "parameters", Map.of("type", "object"),
        "webhook", Map.of("url", "http://127.0.0.1:" + toolServer.getAddress().getPort() + "/tools/refund", "timeout_ms", 30_000))));
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    agentId = (String) created.json().get("id");
  }

  @AfterAll
  void stopSlowTool() {
    if (toolServer != null) toolServer.stop(0);
  }

  @BeforeEach
  void resetCounters() {
    refunds.set(0);
    whileRefunding = () -> {};
  }

  @Test
  void a_tool_slower_than_the_lease_keeps_its_turn_and_a_second_message_is_refused_as_turn_in_progress() throws Exception {
    String chat = openChat();
    CompletableFuture<HttpJson.Response> first = CompletableFuture.supplyAsync(() -> sendMessage(chat, "refund order 42"));
    awaitRefunds(1);
    sleep(3_000); // 3 s into the 6 s tool: a lease that was never renewed (2 s) has lapsed by now

    long started = System.nanoTime();
    HttpJson.Response second = sendMessage(chat, "refund order 42");
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    HttpJson.Response answer = first.get(30, TimeUnit.SECONDS);
    sleep(500); // a second tool call would have arrived by now
    Misuse.record("turn-lease", "a second message 3 s into a 6 s tool call (turn lease 2 s, turn wait 1 s)",
        second.status() + " " + second.json().get("code") + " after " + waitedMs + " ms; first turn " + answer.status()
            + "; refund tool called " + refunds.get() + " time(s)");

    assertThat(second.status()).as(second.body()).isEqualTo(409);
    assertThat(second.json()).containsEntry("code", "turn_in_progress");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(asMap(asList(answer.json().get("messages")).get(1))).containsEntry("content", "Order 42: refunded");
    assertThat(refunds.get()).as("refund tool calls").isEqualTo(1);
    assertThat(http.get("/api/v1/chats/" + chat).json()).containsEntry("status", "active");
    assertThat(database.sql().count("SELECT count(*) FROM chat_messages WHERE chat_id = ?", UUID.fromString(chat)))
        .as("the user message, the tool turn and the reply").isEqualTo(3);
  }

  @Test
  void a_turn_that_lost_its_lease_neither_goes_on_nor_commits() throws Exception {
    String chat = openChat();
    UUID thief = UUID.randomUUID();
    whileRefunding = () -> database.sql().update("UPDATE chat_sessions SET turn_lease_owner = ?, "
        + "turn_lease_until = now() + interval '1 hour' WHERE id = ?", thief, UUID.fromString(chat));
    HttpJson.Response answer = sendMessage(chat, "refund order 42");
    Misuse.record("turn-lease", "the turn lease taken by another owner while the turn's 6 s tool runs",
        answer.status() + " " + answer.json().get("code") + "; refund tool called " + refunds.get() + " time(s); "
            + database.sql().count("SELECT count(*) FROM chat_messages WHERE chat_id = ?", UUID.fromString(chat))
            + " messages stored");

    assertThat(answer.status()).as(answer.body()).isEqualTo(409);
    assertThat(answer.json()).containsEntry("code", "turn_lease_lost");
    assertThat(refunds.get()).isEqualTo(1);
    assertThat(database.sql().count("SELECT count(*) FROM chat_messages WHERE chat_id = ?", UUID.fromString(chat)))
        .as("nothing of the lost turn is stored").isZero();
    assertThat(database.sql().strings("SELECT turn_lease_owner FROM chat_sessions WHERE id = ?", UUID.fromString(chat)))
        .as("the other owner's lease is left alone").containsExactly(thief.toString());
  }

  private String openChat() {
    HttpJson.Response opened = http.post("/api/v1/chats", Map.of("agent_id", agentId));
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    return (String) opened.json().get("id");
  }

  private HttpJson.Response sendMessage(String chat, String content) {
    return http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", content));
  }

  private void awaitRefunds(int calls) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (refunds.get() < calls && System.currentTimeMillis() < deadline) sleep(20);
    assertThat(refunds.get()).isGreaterThanOrEqualTo(calls);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
