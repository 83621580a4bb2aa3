package dev.parley.bootstrap.control;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.out.webhooks.WebhookSignature;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.WebhookReceiver;
import dev.parley.bootstrap.support.WsClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.time.Instant;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tool approval (issue 20): a call of a tool with requires_approval pauses the turn (pending_approval on the answer,
 * the chat, a signed chat.approval_requested webhook); a decision on any instance resumes it once; a newer message
 * or the chat's ending cancels it; and the races of a decision with an ending and with another decision.
 */
class ToolApprovalTest extends ApiTestBase {
  private static final String SECRET = "approval-secret";
  private final WebhookReceiver hooks = new WebhookReceiver();
  private HttpJson other; // a second instance on the same database

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.outbox.interval", "100ms", "parley.sweeper.interval", "200ms");
  }

  @BeforeAll
  void start() {
    EmbeddedServer b = startAnotherServer(Map.of());
    other = new HttpJson(b.getURI(), apiKey);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.getApplicationContext()
        .getBean(dev.parley.adapter.out.persistence.PgChatEvents.class).isListening()
        && b.getApplicationContext().getBean(dev.parley.adapter.out.persistence.PgChatEvents.class).isListening());
  }

  @AfterAll
  void stop() {
    hooks.close();
  }

  private String agent(String hookPath) {
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", "Refund desk");
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", List.of(
        Map.of("match", "(?i)refund", "tool", Map.of("name", "refund", "arguments", Map.of("order", "A-17", "amount", 40)),
            "reply", "Refund: {{tool.refund.status}}")),
        "fallback", "You said: {{last_user_message}}"));
    agent.put("tools", List.of(Map.of("name", "refund", "description", "Refunds an order", "requires_approval", true,
        "parameters", Map.of("type", "object"), "webhook", Map.of("url", hooks.url("/tools/refund/" + hookPath)))));
    agent.put("completion_webhook", Map.of("url", hooks.url("/hooks/" + hookPath), "secret", SECRET));
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(asMap(asList(created.json().get("tools")).get(0))).containsEntry("requires_approval", true);
    return (String) created.json().get("id");
  }

  private String chat(String agentId) {
    return (String) http.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");
  }

  /** Sends "refund please" and answers the pending approval the turn paused at. */
  private Map<String, Object> pausedTurn(String chat) {
    HttpJson.Response turn = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "refund please"));
    assertThat(turn.status()).as(turn.body()).isEqualTo(200);
    assertThat(turn.json().get("pending_approval")).as(turn.body()).isNotNull();
    return asMap(turn.json().get("pending_approval"));
  }

  /** An agent whose tool and hooks answer under {@code name} plus a fresh id, and a chat with it. */
  private record Desk(String path, String chat) {}

  private Desk desk(String name) {
    String path = name + "-" + UUID.randomUUID();
    return new Desk(path, chat(agent(path)));
  }

  /** A later approval of {@code pending} is refused as cancelled, and the tool never ran. */
  private HttpJson.Response assertCancelled(Desk desk, Map<String, Object> pending) {
    HttpJson.Response late = decide(http, desk.chat(), pending.get("id"), "approve", null);
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json()).containsEntry("code", "approval_cancelled");
    assertThat(toolCalls(desk.path())).isZero();
    return late;
  }

  /** A new chat of {@code agent} paused at a tool call, whose approval on the other instance is under way. */
  private record Race(String chat, Object approvalId, int callsBefore, CompletableFuture<HttpJson.Response> approvalOnOther) {}

  private Race race(String agent, String path) {
    String chat = chat(agent);
    Object id = pausedTurn(chat).get("id");
    int callsBefore = toolCalls(path);
    return new Race(chat, id, callsBefore, CompletableFuture.supplyAsync(() -> decide(other, chat, id, "approve", null)));
  }

  private HttpJson.Response decide(HttpJson client, String chat, Object approvalId, String decision, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("decision", decision);
    if (reason != null) body.put("reason", reason);
    return client.post("/api/v1/chats/" + chat + "/approvals/" + approvalId, body);
  }

  private int toolCalls(String hookPath) {
    return hooks.requestsTo("/tools/refund/" + hookPath).size();
  }

  private List<String> transcript(String chat) {
    return asList(http.get("/api/v1/chats/" + chat).json().get("messages")).stream().map(HttpJson::asMap)
        .map(m -> m.get("role") + ":" + m.get("content")).toList();
  }

  @Test
  void a_call_waits_for_approval_then_runs_once_approved_on_another_instance() {
    Desk desk = desk("approve");
    String path = desk.path(), chat = desk.chat();
    HttpJson.Response turn = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "refund please"));
    assertThat(turn.status()).isEqualTo(200);
    assertThat(asList(turn.json().get("messages"))).as("nothing ran yet").isEmpty();
    Map<String, Object> pending = asMap(turn.json().get("pending_approval"));
    assertThat(pending).containsEntry("tool", "refund").containsEntry("arguments", Map.of("order", "A-17", "amount", 40));
    assertThat(toolCalls(path)).isZero();
    assertThat(asMap(http.get("/api/v1/chats/" + chat).json().get("pending_approval"))).isEqualTo(pending);

    // The webhook, signed, names the approval.
    await().atMost(Duration.ofSeconds(10)).until(() -> !hooks.requestsTo("/hooks/" + path).isEmpty());
    WebhookReceiver.Received hook = hooks.requestsTo("/hooks/" + path).get(0);
    assertThat(WebhookSignature.verify(hook.header("Parley-Signature"), SECRET, hook.body(),
        System.currentTimeMillis() / 1000, 300)).isTrue();
    Map<String, Object> event = new HttpJson.Response(200, Map.of(), hook.text()).json();
    assertThat(event).containsEntry("type", "chat.approval_requested").containsEntry("id", pending.get("id"));
    assertThat(asMap(asMap(event.get("data")).get("approval"))).containsEntry("id", pending.get("id"))
        .containsEntry("tool", "refund").containsEntry("status", "pending");

    // Decided through the other instance: the pending approval is in the database, not in a process.
    HttpJson.Response approved = decide(other, chat, pending.get("id"), "approve", "customer is eligible");
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    List<Object> messages = asList(approved.json().get("messages"));
    assertThat(asMap(asList(asMap(messages.get(0)).get("tool_calls")).get(0)).get("response"))
        .isEqualTo(Map.of("status", "shipped", "eta", "tomorrow"));
    assertThat(asMap(messages.get(1))).containsEntry("content", "Refund: shipped");
    assertThat(approved.json().get("pending_approval")).isNull();
    assertThat(toolCalls(path)).isEqualTo(1);
    assertThat(http.get("/api/v1/chats/" + chat).json().get("pending_approval")).isNull();

    HttpJson.Response again = decide(http, chat, pending.get("id"), "deny", null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json()).containsEntry("code", "approval_decided");
    assertThat(toolCalls(path)).isEqualTo(1);
    assertThat(http.get("/api/v1/chats/" + chat + "/activity").body()).contains("approval_requested").contains("approval_decided")
        .contains("customer is eligible");
  }

  @Test
  void a_pending_approval_outlives_the_instance_that_paused_the_turn() {
    Desk desk = desk("restart");
    String path = desk.path(), chat = desk.chat();
    EmbeddedServer doomed = startAnotherServer(Map.of());
    HttpJson.Response turn = new HttpJson(doomed.getURI(), apiKey).post("/api/v1/chats/" + chat + "/messages",
        Map.of("content", "refund please"));
    Object id = asMap(turn.json().get("pending_approval")).get("id");
    doomed.stop(); // that instance is gone; the approval is in the database
    assertThat(pausedId(chat)).isEqualTo(id);
    HttpJson.Response approved = decide(http, chat, id, "approve", null);
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(asMap(asList(approved.json().get("messages")).get(1))).containsEntry("content", "Refund: shipped");
    assertThat(toolCalls(path)).isEqualTo(1);
  }

  @Test
  void a_retried_message_that_paused_answers_the_same_pending_approval() {
    Desk desk = desk("retry");
    String path = desk.path(), chat = desk.chat();
    Map<String, String> key = Map.of("Idempotency-Key", "refund-" + chat);
    HttpJson.Response first = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "refund please"), key);
    HttpJson.Response retried = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "refund please"), key);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.json().get("pending_approval")).isEqualTo(first.json().get("pending_approval")).isNotNull();
    assertThat(http.get("/api/v1/chats/" + chat + "/activity").body().split("approval_requested", -1)).hasSize(2);
  }

  @Test
  void a_denied_call_never_runs_and_the_model_is_told_why() {
    Desk desk = desk("deny");
    Map<String, Object> pending = pausedTurn(desk.chat());
    HttpJson.Response denied = decide(http, desk.chat(), pending.get("id"), "deny", "over the refund limit");
    assertThat(denied.status()).as(denied.body()).isEqualTo(200);
    Map<String, Object> call = asMap(asList(asMap(asList(denied.json().get("messages")).get(0)).get("tool_calls")).get(0));
    assertThat(asMap(call.get("response"))).containsEntry("error", "the call was denied by a person")
        .containsEntry("reason", "over the refund limit");
    assertThat(toolCalls(desk.path())).isZero();
  }

  @Test
  void a_decision_streams_like_a_message_turn() {
    String chat = chat(agent("sse-" + UUID.randomUUID()));
    HttpJson.Response streamed = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "refund please"),
        Map.of("Accept", "text/event-stream"));
    assertThat(streamed.body()).contains("event: pending_approval").contains("chat.turn.pending_approval");
    String id = (String) pausedId(chat);
    HttpJson.Response resumed = http.post("/api/v1/chats/" + chat + "/approvals/" + id, Map.of("decision", "approve"),
        Map.of("Accept", "text/event-stream"));
    assertThat(resumed.status()).isEqualTo(200);
    assertThat(resumed.body()).contains("event: tool_result").contains("event: turn").contains("Refund: shipped")
        .contains("data: [DONE]");
  }

  private Object pausedId(String chat) {
    return asMap(http.get("/api/v1/chats/" + chat).json().get("pending_approval")).get("id");
  }

  @Test
  void bad_decisions_are_refused_naming_the_field() {
    String chat = chat(agent("bad-" + UUID.randomUUID()));
    Map<String, Object> pending = pausedTurn(chat);
    HttpJson lenient = http.unvalidatedRequest();
    HttpJson.Response maybe = decide(lenient, chat, pending.get("id"), "maybe", null);
    assertThat(maybe.status()).isEqualTo(400);
    assertThat(maybe.json()).containsEntry("field", "/decision");
    HttpJson.Response missing = lenient.post("/api/v1/chats/" + chat + "/approvals/" + pending.get("id"), Map.of());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json()).containsEntry("field", "/decision");
    HttpJson.Response longReason = decide(lenient, chat, pending.get("id"), "deny", "x".repeat(2001));
    assertThat(longReason.status()).isEqualTo(400);
    assertThat(longReason.json()).containsEntry("field", "/reason");
    HttpJson.Response unknown = decide(http, chat, UUID.randomUUID(), "approve", null);
    assertThat(unknown.status()).isEqualTo(404);
    HttpJson.Response otherChat = decide(http, chat(agent("bad2-" + UUID.randomUUID())), pending.get("id"), "approve", null);
    assertThat(otherChat.status()).as("an approval belongs to its chat").isEqualTo(404);
    assertThat(pausedId(chat)).as("still waiting").isEqualTo(pending.get("id"));
    Misuse.record("approvals", "a decision that is neither approve nor deny; an unknown approval id",
        maybe.status() + " " + maybe.json().get("field") + "; " + unknown.status());
  }

  @Test
  void a_newer_message_cancels_the_waiting_call_and_is_answered() {
    Desk desk = desk("newer");
    Map<String, Object> pending = pausedTurn(desk.chat());
    HttpJson.Response next = http.post("/api/v1/chats/" + desk.chat() + "/messages", Map.of("content", "never mind"));
    assertThat(next.status()).isEqualTo(200);
    assertThat(asMap(asList(next.json().get("messages")).get(0))).containsEntry("content", "You said: never mind");
    assertThat(http.get("/api/v1/chats/" + desk.chat()).json().get("pending_approval")).isNull();
    assertCancelled(desk, pending);
  }

  @Test
  void an_ending_cancels_the_waiting_call() {
    Desk desk = desk("ended");
    Map<String, Object> pending = pausedTurn(desk.chat());
    assertThat(http.post("/api/v1/chats/" + desk.chat() + "/end", Map.of()).status()).isEqualTo(200);
    assertThat(http.get("/api/v1/chats/" + desk.chat()).json().get("pending_approval")).isNull();
    assertCancelled(desk, pending);
  }

  @Test
  void a_handoff_cancels_the_waiting_call_since_the_agent_no_longer_answers() {
    Desk desk = desk("handoff");
    Map<String, Object> pending = pausedTurn(desk.chat());
    assertThat(other.post("/api/v1/chats/" + desk.chat() + "/handoff", Map.of("reason", "escalation")).status()).isEqualTo(200);
    assertThat(http.get("/api/v1/chats/" + desk.chat()).json()).containsEntry("mode", "human").containsEntry("pending_approval", null);
    assertThat(assertCancelled(desk, pending).json().get("detail").toString()).contains("a person took the chat over");
  }

  @Test
  void a_chat_that_expires_while_a_call_waits_cancels_it() {
    Desk desk = desk("ttl");
    String chat = desk.chat();
    Map<String, Object> pending = pausedTurn(chat);
    // as if the TTL had run out: the sweeper ends the chat in a batch, and the waiting call with it
    database.sql().update("UPDATE chat_sessions SET expires_at = now() - interval '1 second' WHERE id = ?::uuid", chat);
    await().atMost(Duration.ofSeconds(10)).until(() -> "final".equals(http.get("/api/v1/chats/" + chat).json().get("status")));
    assertThat(http.get("/api/v1/chats/" + chat).json()).containsEntry("final_reason", "ttl").containsEntry("pending_approval", null);
    assertThat(database.sql().strings("SELECT status FROM tool_approvals WHERE id = ?::uuid", pending.get("id")))
        .containsExactly("cancelled");
    assertCancelled(desk, pending);
  }

  @Test
  void an_approval_racing_an_ending_has_one_outcome_and_never_a_5xx() throws Exception {
    String path = "race-end-" + UUID.randomUUID();
    String agent = agent(path);
    for (int i = 0; i < 10; i++) {
      Race race = race(agent, path);
      String chat = race.chat();
      HttpJson.Response end = http.post("/api/v1/chats/" + chat + "/end", Map.of());
      HttpJson.Response decided = race.approvalOnOther().get(20, TimeUnit.SECONDS);
      assertThat(end.status()).isEqualTo(200);
      assertThat(decided.status()).as(decided.body()).isIn(200, 409);
      Map<String, Object> after = http.get("/api/v1/chats/" + chat).json();
      assertThat(after).containsEntry("status", "final").containsEntry("final_reason", "user_end");
      assertThat(after.get("pending_approval")).as("nothing is left waiting").isNull();
      boolean ran = toolCalls(path) > race.callsBefore();
      if (decided.status() == 200) { // the turn committed before the ending: its reply is in the transcript
        assertThat(ran).isTrue();
        assertThat(transcript(chat)).contains("assistant:Refund: shipped");
      } else if ("approval_cancelled".equals(decided.json().get("code"))) { // the ending came first
        assertThat(ran).as("a cancelled call never runs").isFalse();
      } else { // decided, then the chat ended while the tool or the model ran: that turn is not saved
        assertThat(decided.json()).containsEntry("code", "chat_final");
        assertThat(transcript(chat)).doesNotContain("assistant:Refund: shipped");
      }
    }
  }

  @Test
  void two_decisions_on_two_instances_one_wins_and_the_tool_runs_once() throws Exception {
    String path = "race-two-" + UUID.randomUUID();
    String agent = agent(path);
    for (int i = 0; i < 5; i++) {
      Race race = race(agent, path);
      HttpJson.Response onA = decide(http, race.chat(), race.approvalId(), "deny", null);
      HttpJson.Response b = race.approvalOnOther().get(20, TimeUnit.SECONDS);
      assertThat(List.of(onA.status(), b.status())).as(onA.body() + " / " + b.body()).containsExactlyInAnyOrder(200, 409);
      HttpJson.Response loser = onA.status() == 409 ? onA : b;
      assertThat(loser.json()).containsEntry("code", "approval_decided");
      assertThat(toolCalls(path) - race.callsBefore()).isEqualTo(b.status() == 200 ? 1 : 0);
      assertThat(transcript(race.chat()).stream().filter(m -> m.startsWith("assistant:Refund")).count()).isEqualTo(1);
    }
  }

  @Test
  void a_ws_chat_socket_and_a_live_feed_hear_of_a_call_paused_on_another_instance() {
    String agentId = agent("ws-" + UUID.randomUUID());
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agentId, "user_id", "ws-user")).json().get("id");
    try (WsClient ws = WsClient.connectTo(server.getURI(), "/ws/chat",
             Map.of("X-API-Key", apiKey, "X-User-ID", "ws-user", "X-Chat-ID", chat));
         SseClient feed = SseClient.open(URI.create(server.getURI() + "/api/v1/chats/" + chat + "/events"), apiKey, null, Map.of())) {
      ws.await(m -> "connection_established".equals(m.get("event_type")), "connection_established");
      HttpJson.Response turn = other.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "refund please"));
      Object id = asMap(turn.json().get("pending_approval")).get("id");
      Map<String, Object> frame = ws.await(m -> "approval_requested".equals(m.get("event_type")), "approval_requested");
      assertThat(frame).containsEntry("chat_id", chat);
      assertThat(asMap(frame.get("approval"))).containsEntry("id", id).containsEntry("tool", "refund");
      await().atMost(Duration.ofSeconds(10)).until(() -> !feed.named("approval").isEmpty());
      assertThat(feed.events.stream().map(SseClient.Event::name).toList()).as("the user's message comes first")
          .containsSubsequence("message", "approval");
      assertThat(asMap(asMap(HttpJson.parse(feed.named("approval").get(0).data())).get("pending_approval")))
          .containsEntry("id", id).containsEntry("tool", "refund");
    }
  }

  @Test
  void a_webcall_client_gets_an_approval_frame_and_then_the_resumed_reply() {
    String agentId = agent("webcall-" + UUID.randomUUID());
    HttpJson.Response integration = http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + integration.json().get("token"))) {
      ws.send(Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", Map.of("callType", "chat")));
      String chat = (String) asMap(ws.awaitEvent("connection").get("data")).get("recordId");
      ws.send(Map.of("type", "incomingChatMessage", "content", "a refund please", "timestamp", Instant.now().toString()));
      Map<String, Object> asked = asMap(ws.awaitEvent("approvalRequested").get("data"));
      assertThat(asked).containsEntry("tool", "refund").containsEntry("arguments", Map.of("order", "A-17", "amount", 40));
      int before = ws.size();
      HttpJson.Response approved = decide(other, chat, asked.get("id"), "approve", null);
      assertThat(approved.status()).as(approved.body()).isEqualTo(200);
      ws.awaitFrom(before, m -> "text".equals(m.get("type")) && String.valueOf(m.get("content")).contains("Refund: shipped"),
          "the resumed turn's reply");
    }
  }
}
