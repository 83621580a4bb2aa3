package dev.parley.bootstrap.control;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.parley.adapter.out.persistence.PgChatEvents;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.WsClient;
import java.time.Instant;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Busy policy and cancel (issue 20) on two instances sharing one database: a turn runs on instance A, the message
 * or cancel that meets it arrives at instance B and reaches it through LISTEN/NOTIFY. The tool takes 1.5 s; the
 * streaming model writes a piece every 150 ms.
 */
class BusyPolicyAndCancelTest extends ApiTestBase {
  private HttpServer toolServer;
  private final AtomicInteger toolCalls = new AtomicInteger();
  private ModelStub model;
  private HttpJson httpB;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.limits.turn-wait", "5s");
  }

  @BeforeAll
  void startStubsAndInstanceB() throws IOException {
    toolServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    toolServer.setExecutor(Executors.newCachedThreadPool());
    toolServer.createContext("/tools/slow", exchange -> {
      exchange.getRequestBody().readAllBytes();
      toolCalls.incrementAndGet();
      sleep(1_500);
      byte[] body = "{\"status\": \"done\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    toolServer.start();
    model = new ModelStub(150);
    EmbeddedServer b = startAnotherServer(Map.of());
    httpB = new HttpJson(b.getURI(), apiKey);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.getApplicationContext().getBean(PgChatEvents.class).isListening()
        && b.getApplicationContext().getBean(PgChatEvents.class).isListening());
  }

  @AfterAll
  void stopStubs() {
    if (toolServer != null) toolServer.stop(0);
    if (model != null) model.close();
  }

  private String slowToolAgent(String busyPolicy) {
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", "Slow tool " + busyPolicy);
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", List.of(Map.of("match", "(?i)slow", "tool", Map.of("name", "slow", "arguments", Map.of()),
        "reply", "Slow: {{tool.slow.status}}")), "fallback", "You said: {{last_user_message}}"));
    agent.put("tools", List.of(Map.of("name", "slow", "description", "Takes its time", "parameters", Map.of("type", "object"),
        "webhook", Map.of("url", "http://127.0.0.1:" + toolServer.getAddress().getPort() + "/tools/slow", "timeout_ms", 10_000))));
    if (busyPolicy != null) agent.put("busy_policy", busyPolicy);
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json()).containsEntry("busy_policy", busyPolicy == null ? "enqueue" : busyPolicy);
    return (String) created.json().get("id");
  }

  private String openChat(String agentId) {
    return (String) http.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");
  }

  private CompletableFuture<HttpJson.Response> sendAsync(HttpJson client, String chat, Map<String, Object> body) {
    return CompletableFuture.supplyAsync(() -> client.post("/api/v1/chats/" + chat + "/messages", body));
  }

  private void awaitToolCalls(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> toolCalls.get() >= n);
  }

  private List<String> transcript(String chat) {
    return asList(http.get("/api/v1/chats/" + chat).json().get("messages")).stream().map(HttpJson::asMap)
        .map(m -> m.get("role") + ":" + m.get("content") + (Boolean.TRUE.equals(m.get("interrupted")) ? " [interrupted]" : ""))
        .toList();
  }

  @Test
  void a_reject_agent_answers_409_conversation_busy_with_retry_after_while_a_turn_runs_and_the_running_turn_is_untouched() throws Exception {
    String chat = openChat(slowToolAgent("reject"));
    int before = toolCalls.get();
    CompletableFuture<HttpJson.Response> first = sendAsync(http, chat, Map.of("content", "slow please"));
    awaitToolCalls(before + 1);

    HttpJson.Response second = httpB.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "hello?"));
    HttpJson.Response queued = httpB.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "then this", "on_busy", "enqueue"));
    HttpJson.Response answer = first.get(20, TimeUnit.SECONDS);
    Misuse.record("busy-policy", "a second message while a 1.5 s turn runs, agent busy_policy reject (on another instance)",
        second.status() + " " + second.json().get("code") + " Retry-After " + second.header("Retry-After"));

    assertThat(second.status()).as(second.body()).isEqualTo(409);
    assertThat(second.json()).containsEntry("code", "conversation_busy");
    assertThat(second.header("Retry-After")).isEqualTo("1");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).containsEntry("cancelled", false);
    assertThat(queued.status()).as("on_busy enqueue overrides the agent's reject: it waited its turn").isEqualTo(200);
    assertThat(transcript(chat)).containsSubsequence("user:slow please", "assistant:Slow: done", "user:then this",
        "assistant:You said: then this").doesNotContain("user:hello?");
  }

  @Test
  void a_message_may_ask_to_be_refused_instead_of_waiting_and_a_wrong_word_names_on_busy() throws Exception {
    String chat = openChat(slowToolAgent(null));
    int before = toolCalls.get();
    CompletableFuture<HttpJson.Response> first = sendAsync(http, chat, Map.of("content", "slow please"));
    awaitToolCalls(before + 1);
    HttpJson.Response refused = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "now", "on_busy", "reject"));
    HttpJson.Response bad = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "now", "on_busy", "later"));
    assertThat(first.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json()).containsEntry("code", "conversation_busy");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json()).containsEntry("field", "/on_busy");
  }

  @Test
  void cancel_on_another_instance_stops_the_running_turn_before_its_next_step_and_the_chat_takes_the_next_message_at_once() throws Exception {
    String chat = openChat(slowToolAgent(null));
    assertThat(httpB.post("/api/v1/chats/" + chat + "/cancel", null).json()).as("nothing running").containsEntry("cancelled", false);
    SseClient turns = SseClient.open(URI.create(httpB.base() + "/api/v1/events?types=turn&chat_id=" + chat), apiKey, null, Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> turns.retryLine != null);
    int before = toolCalls.get();
    CompletableFuture<HttpJson.Response> first = sendAsync(http, chat, Map.of("content", "slow please"));
    awaitToolCalls(before + 1);

    HttpJson.Response cancel = httpB.post("/api/v1/chats/" + chat + "/cancel", null);
    HttpJson.Response answer = first.get(20, TimeUnit.SECONDS);
    long started = System.nanoTime();
    HttpJson.Response next = httpB.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "are you there"));
    long nextMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
    assertThat(cancel.json()).containsEntry("cancelled", true);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json()).containsEntry("cancelled", true);
    List<Object> kept = asList(answer.json().get("messages"));
    assertThat(kept).as("the tool that had started finished; no model round and no reply after it").hasSize(1);
    assertThat(asList(asMap(kept.get(0)).get("tool_calls"))).hasSize(1);
    assertThat(next.status()).isEqualTo(200);
    assertThat(nextMillis).as("the next message did not wait for a lease").isLessThan(1_000);
    assertThat(transcript(chat)).containsSubsequence("user:slow please", "assistant:", "user:are you there",
        "assistant:You said: are you there").doesNotContain("assistant:Slow: done");
    assertThat(toolCalls.get()).isEqualTo(before + 1);
    // the tenant feed on the other instance showed the turns as a console would: typing, stopped, typing, done
    await().atMost(Duration.ofSeconds(10)).until(() -> turns.events.size() >= 4);
    turns.close();
    assertThat(turns.events).extracting(e -> asMap(HttpJson.parse(e.data())).get("state"))
        .containsExactly("started", "cancelled", "started", "finished");
  }

  @Test
  void a_cancel_frame_on_webcall_stops_the_sockets_running_turn_at_once_and_the_chat_goes_on() {
    String agentId = slowToolAgent(null);
    HttpJson.Response integration = http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    int before = toolCalls.get();
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + integration.json().get("token"))) {
      ws.send(Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", Map.of("callType", "chat")));
      String chat = (String) asMap(ws.awaitEvent("connection").get("data")).get("recordId");
      ws.send(Map.of("type", "incomingChatMessage", "content", "slow please", "timestamp", Instant.now().toString()));
      awaitToolCalls(before + 1);
      ws.send(Map.of("type", "cancel", "timestamp", Instant.now().toString()));
      assertThat(asMap(ws.awaitEvent("cancelled").get("data"))).containsEntry("cancelled", true);
      ws.send(Map.of("type", "incomingChatMessage", "content", "never mind", "timestamp", Instant.now().toString()));
      ws.awaitText("assistant", "You said: never mind");
      assertThat(transcript(chat)).contains("user:slow please").doesNotContain("assistant:Slow: done");
    }
  }

  @Test
  void interrupt_in_the_middle_of_a_streamed_reply_aborts_the_stream_keeps_what_was_said_marked_interrupted_then_runs() throws Exception {
    Map<String, Object> agent = Map.of("name", "Streamer", "busy_policy", "interrupt",
        "model", Map.of("provider", "openai", "model", "stub", "base_url", model.baseUrl()));
    String agentId = (String) http.post("/api/v1/agents", agent).json().get("id");
    String chat = openChat(agentId);
    int aborted = model.abortedStreams.get();
    try (SseClient stream = SseClient.open(http.base().resolve("/api/v1/chats/" + chat + "/messages"), apiKey,
        Map.of("content", "tell me a long story"), Map.of())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> stream.named("delta").size() >= 3);
      HttpJson.Response second = httpB.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "stop, another question"));
      stream.ended.get(20, TimeUnit.SECONDS);

      assertThat(second.status()).as(second.body()).isEqualTo(200);
      assertThat(asMap(asList(second.json().get("messages")).get(0))).containsEntry("content", "plain reply");
      SseClient.Event turn = stream.named("turn").get(0);
      Map<String, Object> first = new HttpJson.Response(200, Map.of(), turn.data()).json();
      assertThat(first).containsEntry("cancelled", true);
      Map<String, Object> partial = asMap(asList(first.get("messages")).get(0));
      StringBuilder streamed = new StringBuilder();
      for (SseClient.Event delta : stream.named("delta")) {
        Object content = asMap(asMap(asList(new HttpJson.Response(200, Map.of(), delta.data()).json().get("choices")).get(0))
            .get("delta")).get("content");
        streamed.append(content);
      }
      assertThat(partial).containsEntry("interrupted", true).containsEntry("content", streamed.toString());
      assertThat(streamed.toString()).startsWith("w0 w1 w2 ").doesNotContain("w" + (ModelStub.TOKENS - 1) + " ");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> model.abortedStreams.get() > aborted);
    List<String> transcript = transcript(chat);
    assertThat(transcript).hasSize(4);
    assertThat(transcript.get(0)).isEqualTo("user:tell me a long story");
    assertThat(transcript.get(1)).startsWith("assistant:w0 w1 w2 ").endsWith("[interrupted]");
    assertThat(transcript.subList(2, 4)).containsExactly("user:stop, another question", "assistant:plain reply");
  }

  @Test
  void cancel_racing_a_turns_commit_has_one_outcome_and_loses_nothing() throws Exception {
    String agentId = slowToolAgent(null);
    for (int i = 0; i < 15; i++) {
      String chat = openChat(agentId);
      CompletableFuture<HttpJson.Response> turn = sendAsync(http, chat, Map.of("content", "quick " + i));
      sleep(i % 5); // cancel lands before, during or after the commit
      HttpJson.Response cancel = httpB.post("/api/v1/chats/" + chat + "/cancel", null);
      HttpJson.Response answer = turn.get(20, TimeUnit.SECONDS);
      assertThat(answer.status()).isEqualTo(200);
      boolean cancelled = (Boolean) cancel.json().get("cancelled");
      assertThat(answer.json().get("cancelled")).as("cancel and the turn's caller agree (round " + i + ")").isEqualTo(cancelled);
      List<String> transcript = transcript(chat);
      assertThat(transcript).as("the user's message is never lost").contains("user:quick " + i);
      if (!cancelled) assertThat(transcript).contains("assistant:You said: quick " + i);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
