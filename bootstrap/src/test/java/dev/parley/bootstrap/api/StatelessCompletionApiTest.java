package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.OrderBot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StatelessCompletionApiTest extends ApiTestBase {
  private static final String PATH = "/api/v1/text-chat/completion";
  private static final String PRIMARY_KEY_ID = "2026-11";

  private HttpServer integrator;
  private final List<String> toolRequests = new CopyOnWriteArrayList<>();
  private final List<String> webhookBodies = new CopyOnWriteArrayList<>();
  private String agentId;

  @Override
  protected Map<String, Object> extraProperties() {
    // Two keys configured at once: the primary seals, the older one still opens (rotation).
    return Map.of(
        "parley.state.keys", List.of(Map.of("id", "2026-10", "key", randomKey()), Map.of("id", PRIMARY_KEY_ID, "key", randomKey())),
        "parley.state.primary-key-id", PRIMARY_KEY_ID);
  }

  static String randomKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @BeforeAll
  void startIntegratorAndAgent() throws IOException {
    integrator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    integrator.createContext("/tools/lookupOrder", exchange -> {
      toolRequests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] answer = "{\"status\": \"shipped\", \"eta\": 1.50}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    integrator.createContext("/hooks/completed", exchange -> {
      webhookBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    integrator.start();
    HttpJson.Response created = http.post("/api/v1/agents", agentDocument("Order bot"));
    assertThat(created.status()).isEqualTo(201);
    agentId = (String) created.json().get("id");
  }

  @AfterAll
  void stopIntegrator() {
    if (integrator != null) integrator.stop(0);
  }

  private Map<String, Object> agentDocument(String name) {
    String base = "http://127.0.0.1:" + integrator.getAddress().getPort();
    Map<String, Object> doc = OrderBot.agent(name, base + "/tools/lookupOrder");
    doc.put("prompt", "You help {{customerName}}.");
    doc.put("completion_webhook", Map.of("url", base + "/hooks/completed", "secret", "s3cret"));
    return doc;
  }

  private static Map<String, Object> user(String content) {
    return Map.of("role", "user", "content", content);
  }

  private static List<Object> plus(List<Object> history, List<Object> answered, Object... more) {
    List<Object> out = new ArrayList<>(history);
    out.addAll(answered);
    out.addAll(List.of(more));
    return out;
  }

  private Map<String, Object> body(Object agent, List<Object> messages, String state) {
    Map<String, Object> body = new HashMap<>();
    body.put("agent", agent);
    body.put("messages", messages);
    body.put("state", state);
    return body;
  }

  private HttpJson.Response turn(List<Object> messages, String state) {
    return http.post(PATH, body(Map.of("id", agentId), messages, state));
  }

  /** One turn that must succeed; answers its parsed body. */
  private Map<String, Object> ok(List<Object> messages, String state) {
    HttpJson.Response r = turn(messages, state);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static List<Object> messagesOf(Map<String, Object> answer) {
    return asList(answer.get("messages"));
  }

  private static void assertProblem(HttpJson.Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).contains("application/problem+json");
    assertThat(r.json().get("detail")).isNotNull();
  }

  private static String flipOneByte(String token) {
    byte[] bytes = Base64.getUrlDecoder().decode(token);
    bytes[bytes.length / 2] ^= 0x20;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Test
  void a_first_turn_answers_the_fallback_reply_a_state_and_ids_and_records_the_call_on_channel_api() {
    List<Object> history = List.of(Map.of("role", "user", "content", "hello there", "time", "2026-11-25T10:00:00Z"));
    Map<String, Object> body = body(Map.of("id", agentId), history, null);
    body.put("additional_data", Map.of("customerName", "Ada"));
    body.put("finish", false);
    HttpJson.Response r = http.post(PATH, body);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Map<String, Object> answer = r.json();
    assertThat(answer).containsOnlyKeys("messages", "state", "is_final", "chat_id", "call_id").containsEntry("is_final", false);
    assertThat((String) answer.get("state")).matches("[A-Za-z0-9_-]{100,}");
    assertThat(answer.get("chat_id")).isNotEqualTo(answer.get("call_id"));
    List<Object> messages = messagesOf(answer);
    assertThat(messages).hasSize(1);
    assertThat(asMap(messages.get(0))).containsEntry("role", "assistant").containsEntry("content", "You said: hello there")
        .containsKeys("tool_calls", "time");

    Map<String, Object> chat = http.get("/api/v1/chats/" + answer.get("chat_id")).json();
    assertThat(chat).containsEntry("channel", "api").containsEntry("ttl_seconds", null).containsEntry("status", "active")
        .containsEntry("call_id", answer.get("call_id")).containsEntry("agent_id", agentId);
    assertThat(asList(chat.get("messages"))).extracting(m -> asMap(m).get("content")).containsExactly("hello there", "You said: hello there");
  }

  @Test
  void states_are_sealed_with_the_configured_primary_key() {
    String state = (String) ok(List.of(user("hi")), null).get("state");
    byte[] token = Base64.getUrlDecoder().decode(state);
    assertThat(new String(token, 2, token[1], StandardCharsets.US_ASCII)).isEqualTo(PRIMARY_KEY_ID);
  }

  @Test
  void later_turns_keep_the_ids_write_nothing_and_a_tool_round_comes_first_bundled_with_its_response() {
    List<Object> h1 = List.of(user("hello there"));
    Map<String, Object> r1 = ok(h1, null);
    List<Object> h2 = plus(h1, messagesOf(r1), user("where is my order?"));
    int toolCallsBefore = toolRequests.size();
    Map<String, Object> r2 = ok(h2, (String) r1.get("state"));

    assertThat(r2.get("chat_id")).isEqualTo(r1.get("chat_id"));
    assertThat(r2.get("call_id")).isEqualTo(r1.get("call_id"));
    assertThat(r2.get("state")).isNotEqualTo(r1.get("state"));
    List<Object> produced = messagesOf(r2);
    assertThat(produced).hasSize(2);
    Map<String, Object> toolTurn = asMap(produced.get(0));
    assertThat(toolTurn).containsEntry("role", "assistant");
    Map<String, Object> call = asMap(asList(toolTurn.get("tool_calls")).get(0));
    assertThat(call).containsEntry("name", "lookupOrder").containsEntry("arguments", Map.of("id", "42"));
    assertThat(asMap(call.get("response"))).containsEntry("status", "shipped");
    assertThat(asMap(produced.get(1))).containsEntry("content", "Your order status: shipped");
    assertThat(toolRequests.size()).isEqualTo(toolCallsBefore + 1);

    // The client echoes the tool-turn back exactly as it got it: the digest still matches.
    List<Object> h3 = plus(h2, produced, user("thanks"));
    Map<String, Object> r3 = ok(h3, (String) r2.get("state"));
    assertThat(r3.get("chat_id")).isEqualTo(r1.get("chat_id"));
    assertThat(asMap(messagesOf(r3).get(0))).containsEntry("content", "You said: thanks");

    // Between its first turn and its end a conversation writes nothing: the stored transcript is still turn 1.
    List<Object> stored = asList(http.get("/api/v1/chats/" + r1.get("chat_id")).json().get("messages"));
    assertThat(stored).hasSize(2);
  }

  @Test
  void a_tool_that_requires_approval_is_not_called_by_a_stateless_turn_nobody_could_approve() {
    Map<String, Object> inline = agentDocument("Guarded inline bot");
    Map<String, Object> tool = new LinkedHashMap<>(asMap(asList(inline.get("tools")).get(0)));
    tool.put("requires_approval", true);
    inline.put("tools", List.of(tool));
    int toolCallsBefore = toolRequests.size();
    HttpJson.Response r = http.post(PATH, body(inline, List.of(user("where is my order?")), null));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Map<String, Object> call = asMap(asList(asMap(messagesOf(r.json()).get(0)).get("tool_calls")).get(0));
    assertThat(asMap(call.get("response")).get("error").toString()).contains("requires approval").contains("not made");
    assertThat(toolRequests.size()).isEqualTo(toolCallsBefore);
  }

  @Test
  void time_may_be_dropped_or_changed_by_the_client() {
    List<Object> h1 = List.of(user("hello"));
    Map<String, Object> r1 = ok(h1, null);
    List<Object> echoed = new ArrayList<>();
    for (Object m : messagesOf(r1)) {
      Map<String, Object> copy = new LinkedHashMap<>(asMap(m));
      copy.remove("time");
      echoed.add(copy);
    }
    assertThat(turn(plus(h1, echoed, user("again")), (String) r1.get("state")).status()).isEqualTo(200);
  }

  @Test
  void a_tampered_or_truncated_state_is_a_400_naming_the_state() {
    List<Object> h1 = List.of(user("hello"));
    Map<String, Object> r1 = ok(h1, null);
    String state = (String) r1.get("state");
    List<Object> h2 = plus(h1, messagesOf(r1), user("next"));

    HttpJson.Response tampered = turn(h2, flipOneByte(state));
    assertProblem(tampered, 400);
    assertThat(tampered.json()).containsEntry("field", "/state").containsEntry("code", "state_invalid");
    HttpJson.Response truncated = turn(h2, state.substring(0, state.length() - 10));
    assertProblem(truncated, 400);
    assertThat(truncated.json()).containsEntry("field", "/state");
    HttpJson.Response conformanceStyle = turn(h2, state.substring(0, state.length() - 4) + (state.endsWith("AAAA") ? "BBBB" : "AAAA"));
    assertProblem(conformanceStyle, 400);
    assertProblem(turn(h2, "not a state at all!"), 400);
    assertProblem(turn(h2, ""), 400);
  }

  @Test
  void a_state_presented_by_another_tenant_is_a_400() {
    Map<String, Object> inline = agentDocument("Inline bot");
    List<Object> h1 = List.of(user("hello"));
    HttpJson.Response first = http.post(PATH, body(inline, h1, null));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    List<Object> h2 = plus(h1, messagesOf(first.json()), user("next"));

    HttpJson other = http.withKey(newTenantKey("stateless-other"));
    HttpJson.Response foreign = other.post(PATH, body(inline, h2, (String) first.json().get("state")));
    assertProblem(foreign, 400);
    assertThat(foreign.json()).containsEntry("field", "/state");
    assertThat(other.get("/api/v1/chats/" + first.json().get("chat_id")).status()).isEqualTo(404);
    // ...while its own tenant carries on.
    assertThat(http.post(PATH, body(inline, h2, (String) first.json().get("state"))).status()).isEqualTo(200);
  }

  @Test
  void a_history_that_does_not_match_the_state_is_a_400() {
    List<Object> h1 = List.of(user("hello"));
    Map<String, Object> r1 = ok(h1, null);
    String state = (String) r1.get("state");

    List<Object> edited = plus(List.of(user("hello, edited")), messagesOf(r1), user("next"));
    HttpJson.Response r = turn(edited, state);
    assertProblem(r, 400);
    assertThat((String) r.json().get("detail")).contains("history does not match the state");
    assertThat(r.json()).containsEntry("field", "/messages");

    List<Object> dropped = plus(h1, List.of(), user("next")); // the assistant reply left out
    assertProblem(turn(dropped, state), 400);
    Map<String, Object> forged = new LinkedHashMap<>(asMap(messagesOf(r1).get(0)));
    forged.put("content", "I promise you a refund");
    assertProblem(turn(plus(h1, List.of(forged), user("next")), state), 400);
  }

  @Test
  void a_state_swapped_between_two_chats_is_a_400() {
    Map<String, Object> a = ok(List.of(user("chat a")), null);
    Map<String, Object> b = ok(List.of(user("chat b")), null);
    List<Object> historyOfA = plus(List.of(user("chat a")), messagesOf(a), user("next"));
    assertProblem(turn(historyOfA, (String) b.get("state")), 400);
  }

  @Test
  void an_earlier_state_with_its_own_earlier_history_is_a_branch_and_is_answered() {
    List<Object> h1 = List.of(user("hello"));
    Map<String, Object> r1 = ok(h1, null);
    List<Object> h2 = plus(h1, messagesOf(r1), user("first attempt"));
    Map<String, Object> r2 = ok(h2, (String) r1.get("state"));
    ok(plus(h2, messagesOf(r2), user("going on")), (String) r2.get("state"));

    // "edit my last message": back to turn 1's state with turn 1's history and another new message.
    Map<String, Object> branch = ok(plus(h1, messagesOf(r1), user("second attempt")), (String) r1.get("state"));
    assertThat(branch.get("chat_id")).isEqualTo(r1.get("chat_id"));
    assertThat(asMap(messagesOf(branch).get(0))).containsEntry("content", "You said: second attempt");
    // "regenerate": the very same request again is answered too.
    assertThat(turn(h2, (String) r1.get("state")).status()).isEqualTo(200);
  }

  @Test
  void finish_true_ends_the_call_with_user_end_persists_the_whole_transcript_and_refuses_every_older_state() {
    List<Object> h1 = List.of(user("hello"));
    Map<String, Object> r1 = ok(h1, null);
    List<Object> h2 = plus(h1, messagesOf(r1), user("where is my order"));
    Map<String, Object> r2 = ok(h2, (String) r1.get("state"));
    List<Object> h3 = plus(h2, messagesOf(r2), user("that is all"));
    Map<String, Object> finishing = body(Map.of("id", agentId), h3, (String) r2.get("state"));
    finishing.put("finish", true);
    HttpJson.Response end = http.post(PATH, finishing);

    assertThat(end.status()).as(end.body()).isEqualTo(200);
    assertThat(end.json()).containsEntry("is_final", true).containsEntry("state", null).containsEntry("chat_id", r1.get("chat_id"));
    assertThat(asMap(messagesOf(end.json()).get(0))).containsEntry("content", "You said: that is all");

    String chatId = (String) r1.get("chat_id");
    Map<String, Object> chat = http.get("/api/v1/chats/" + chatId).json();
    assertThat(chat).containsEntry("is_final", true).containsEntry("status", "final").containsEntry("final_reason", "user_end");
    assertThat(asList(chat.get("messages"))).extracting(m -> asMap(m).get("content"))
        .containsExactly("hello", "You said: hello", "where is my order", "", "Your order status: shipped", "that is all",
            "You said: that is all");
    assertThat(http.get("/api/v1/chats/" + chatId + "/activity").body()).contains("ended", "user_end");

    HttpJson.Response older = turn(plus(h1, messagesOf(r1), user("again")), (String) r1.get("state"));
    assertProblem(older, 409);
    assertProblem(turn(plus(h2, messagesOf(r2), user("again")), (String) r2.get("state")), 409);

    // The finish pipeline reads the persisted transcript: the completion webhook carries all of it.
    await().atMost(Duration.ofSeconds(15)).until(() -> webhookBodies.stream().anyMatch(b -> b.contains(chatId)));
    String hook = webhookBodies.stream().filter(b -> b.contains(chatId)).findFirst().orElseThrow();
    assertThat(hook).contains("You said: that is all", "Your order status: shipped", "user_end");
  }

  /**
   * The guarantee a cache of call states would have to keep: once the ending turn's answer is back, every state of
   * the call is refused on every instance, on one that served the call a moment before too (its caches warm), with no
   * wait for an invalidation to travel.
   */
  @Test
  void every_state_of_an_ended_call_is_refused_with_409_on_another_instance_at_once() {
    HttpJson onB = new HttpJson(startAnotherServer(Map.of()).getURI(), apiKey);
    List<Object> h1 = List.of(user("hello"));
    Map<String, Object> r1 = ok(h1, null);
    List<Object> h2 = plus(h1, messagesOf(r1), user("where is my order"));
    for (int i = 0; i < 3; i++) { // instance B serves the running call (and its key) several times
      HttpJson.Response onTheOther = onB.post(PATH, body(Map.of("id", agentId), h2, (String) r1.get("state")));
      assertThat(onTheOther.status()).as(onTheOther.body()).isEqualTo(200);
    }
    Map<String, Object> r2 = ok(h2, (String) r1.get("state"));
    List<Object> h3 = plus(h2, messagesOf(r2), user("that is all"));
    Map<String, Object> finishing = body(Map.of("id", agentId), h3, (String) r2.get("state"));
    finishing.put("finish", true);
    HttpJson.Response end = http.post(PATH, finishing);
    assertThat(end.status()).as(end.body()).isEqualTo(200);
    assertThat(end.json()).containsEntry("is_final", true);

    assertProblem(onB.post(PATH, body(Map.of("id", agentId), h2, (String) r1.get("state"))), 409);
    assertProblem(onB.post(PATH, body(Map.of("id", agentId), plus(h2, messagesOf(r2), user("again")), (String) r2.get("state"))), 409);
    assertProblem(turn(h2, (String) r1.get("state")), 409);
  }

  @Test
  void the_agent_finishing_ends_the_call_with_agent_finish() {
    List<Object> h1 = List.of(user("hello"));
    Map<String, Object> r1 = ok(h1, null);
    Map<String, Object> bye = ok(plus(h1, messagesOf(r1), user("bye")), (String) r1.get("state"));
    assertThat(bye).containsEntry("is_final", true);
    assertThat(asMap(messagesOf(bye).get(0))).containsEntry("content", "Goodbye!");
    assertThat(http.get("/api/v1/chats/" + bye.get("chat_id")).json()).containsEntry("final_reason", "agent_finish");
    assertProblem(turn(plus(h1, messagesOf(r1), user("hello?")), (String) r1.get("state")), 409);
  }

  @Test
  void a_conversation_may_end_on_its_first_turn() {
    Map<String, Object> body = body(Map.of("id", agentId), List.of(user("just this")), null);
    body.put("finish", true);
    HttpJson.Response r = http.post(PATH, body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json()).containsEntry("is_final", true);
    assertThat(http.get("/api/v1/chats/" + r.json().get("chat_id")).json()).containsEntry("final_reason", "user_end");
  }

  @Test
  void an_inline_agent_is_bound_to_its_conversation() {
    Map<String, Object> inline = agentDocument("Inline bot");
    List<Object> h1 = List.of(user("where is my order"));
    HttpJson.Response first = http.post(PATH, body(inline, h1, null));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(asMap(messagesOf(first.json()).get(1))).containsEntry("content", "Your order status: shipped");
    String state = (String) first.json().get("state");
    List<Object> h2 = plus(h1, messagesOf(first.json()), user("and now?"));

    Map<String, Object> reordered = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>(inline.keySet());
    java.util.Collections.reverse(keys);
    keys.forEach(k -> reordered.put(k, inline.get(k)));
    assertThat(http.post(PATH, body(reordered, h2, state)).status()).isEqualTo(200);
    assertThat(http.post(PATH, body(Map.of("config", inline), h2, state)).status()).isEqualTo(200);

    Map<String, Object> changed = new LinkedHashMap<>(inline);
    changed.put("prompt", "Something else");
    HttpJson.Response swapped = http.post(PATH, body(changed, h2, state));
    assertProblem(swapped, 400);
    assertThat(swapped.json()).containsEntry("field", "/agent");
    assertProblem(turn(h2, state), 400); // the stored agent's id with an inline agent's state

    // The chat shows the call; the inline agent's snapshot is not a usable agent of the tenant.
    Map<String, Object> chat = http.get("/api/v1/chats/" + first.json().get("chat_id")).json();
    assertThat(chat).containsEntry("channel", "api");
    assertThat(http.get("/api/v1/agents/" + chat.get("agent_id")).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/agents?take=200").body()).doesNotContain((String) chat.get("agent_id"));
    assertProblem(http.post(PATH, body(Map.of("id", chat.get("agent_id")), List.of(user("hi")), null)), 400);
  }

  @Test
  void an_idempotency_key_replays_the_first_answer() {
    String key = "stateless-" + UUID.randomUUID();
    Map<String, Object> body = body(Map.of("id", agentId), List.of(user("only once")), null);
    HttpJson.Response first = http.post(PATH, body, Map.of("Idempotency-Key", key));
    HttpJson.Response retry = http.post(PATH, body, Map.of("Idempotency-Key", key));
    assertThat(first.status()).isEqualTo(200);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.json()).isEqualTo(first.json());
    HttpJson.Response other = http.post(PATH, body(Map.of("id", agentId), List.of(user("something else")), null),
        Map.of("Idempotency-Key", key));
    assertThat(other.status()).isEqualTo(422);
  }

  @Test
  void bad_input_is_a_clear_4xx_problem_never_a_5xx() {
    Map<String, Object> byId = Map.of("id", agentId);
    List<Object> hello = List.of(user("hello"));

    HttpJson.Response noAgent = http.post(PATH, Map.of("messages", hello));
    assertProblem(noAgent, 400);
    assertThat(noAgent.json()).containsEntry("field", "/agent");
    assertProblem(http.post(PATH, Map.of("agent", Map.of(), "messages", hello)), 400);
    HttpJson.Response unknown = http.post(PATH, body(Map.of("id", UUID.randomUUID().toString()), hello, null));
    assertProblem(unknown, 400);
    assertThat(unknown.json()).containsEntry("field", "/agent/id");
    assertProblem(http.post(PATH, body(Map.of("id", "not-a-uuid"), hello, null)), 400);
    HttpJson.Response nameless = http.post(PATH, body(Map.of("prompt", "no name"), hello, null));
    assertProblem(nameless, 400);
    assertThat(nameless.json()).containsEntry("field", "/agent/name");
    HttpJson.Response both = http.post(PATH, body(Map.of("id", agentId, "name", "Also inline"), hello, null));
    assertProblem(both, 400);

    HttpJson.Response empty = http.post(PATH, body(byId, List.of(), null));
    assertProblem(empty, 400);
    assertThat(empty.json()).containsEntry("field", "/messages");
    assertProblem(http.post(PATH, Map.of("agent", byId)), 400);
    HttpJson.Response lastNotUser = http.post(PATH, body(byId, List.of(user("hi"), Map.of("role", "assistant", "content", "x")), null));
    assertProblem(lastNotUser, 400);
    assertThat(lastNotUser.json()).containsEntry("field", "/messages");
    HttpJson.Response badRole = http.post(PATH, body(byId, List.of(Map.of("role", "robot", "content", "x"), user("hi")), null));
    assertProblem(badRole, 400);
    assertThat(badRole.json()).containsEntry("field", "/messages/0/role");
    assertProblem(http.post(PATH, body(byId, List.of(user("  ")), null)), 400);
    assertProblem(http.post(PATH, body(byId, List.of(Map.of("role", "assistant", "content", "",
        "tool_calls", List.of(Map.of("name", "x"))), user("hi")), null)), 400);
    assertProblem(http.post(PATH, "{\"agent\": {\"id\": "), 400);
    assertProblem(http.post(PATH, "{\"agent\": {\"id\": \"" + agentId + "\"}, \"messages\": \"hello\"}"), 400);
    assertProblem(http.post(PATH, "{\"agent\": {\"id\": \"" + agentId + "\"}, \"messages\": [{\"role\": \"user\", "
        + "\"content\": \"x\", \"time\": \"yesterday\"}]}"), 400);

    HttpJson.Response tooLong = http.post(PATH, body(byId, List.of(user("x".repeat(33 * 1024))), null));
    assertProblem(tooLong, 413);
    assertThat(tooLong.json()).containsEntry("field", "/messages/0/content");
    List<Object> tooMany = new ArrayList<>();
    for (int i = 0; i < 1000; i++) tooMany.add(user("m" + i));
    tooMany.add(user("one too many"));
    assertProblem(http.post(PATH, body(byId, tooMany, null)), 413);

    HttpJson.Response unauthenticated = http.withKey(null).post(PATH, body(byId, hello, null));
    assertProblem(unauthenticated, 401);
  }

  @Test
  void a_deleted_agent_is_a_400_for_new_and_running_conversations() {
    String doomed = (String) http.post("/api/v1/agents", agentDocument("Doomed bot")).json().get("id");
    List<Object> h1 = List.of(user("hello"));
    HttpJson.Response first = http.post(PATH, body(Map.of("id", doomed), h1, null));
    assertThat(first.status()).isEqualTo(200);
    assertThat(http.delete("/api/v1/agents/" + doomed).status()).isEqualTo(204);

    HttpJson.Response fresh = http.post(PATH, body(Map.of("id", doomed), h1, null));
    assertProblem(fresh, 400);
    assertThat(fresh.json()).containsEntry("field", "/agent/id");
    assertProblem(http.post(PATH, body(Map.of("id", doomed), plus(h1, messagesOf(first.json()), user("next")),
        (String) first.json().get("state"))), 400);
  }

  /** A server whose states live two seconds, to see one expire. */
  @Nested
  class WithAShortStateLifetime extends ApiTestBase {
    @Override
    protected Map<String, Object> extraProperties() {
      return Map.of("parley.state.lifetime", "2s");
    }

    @Test
    void an_expired_state_is_a_400_saying_so() throws InterruptedException {
      String id = (String) asMap(asList(http.get("/api/v1/agents").json().get("items")).get(0)).get("id"); // the default agent
      List<Object> h1 = List.of(user("hello"));
      HttpJson.Response first = http.post(PATH, body(Map.of("id", id), h1, null));
      assertThat(first.status()).as(first.body()).isEqualTo(200);
      Thread.sleep(2_500);
      HttpJson.Response late = http.post(PATH, body(Map.of("id", id), plus(h1, messagesOf(first.json()), user("still there?")),
          (String) first.json().get("state")));
      assertProblem(late, 400);
      assertThat(late.json()).containsEntry("code", "state_expired").containsEntry("field", "/state");
      assertThat((String) late.json().get("detail")).contains("expired");
    }
  }
}
