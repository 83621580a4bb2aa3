package dev.parley.bootstrap.control;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import dev.parley.bootstrap.support.WebhookReceiver;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Human takeover (issue 20): handoff by the API and by the agent's transferToHuman, operator messages, handback with
 * the operator's words in the agent's history, signed handoff webhooks through the outbox, the human-wait limit, and
 * the races of a handoff with a running turn and with an ending.
 */
class HumanTakeoverTest extends ApiTestBase {
  private static final String SECRET = "takeover-secret";
  private final WebhookReceiver hooks = new WebhookReceiver();
  private ModelStub model;
  private HttpServer toolServer;
  private HttpJson quickWait; // instance B: a person may keep a chat waiting 1 s

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.outbox.interval", "100ms", "parley.sweeper.interval", "200ms");
  }

  @BeforeAll
  void start() throws IOException {
    model = new ModelStub(10);
    toolServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    toolServer.setExecutor(Executors.newCachedThreadPool());
    toolServer.createContext("/tools/slow", exchange -> {
      exchange.getRequestBody().readAllBytes();
      try {
        Thread.sleep(1_500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "{\"status\": \"done\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    toolServer.start();
    EmbeddedServer b = startAnotherServer(Map.of("parley.control.human-wait", "1s"));
    quickWait = new HttpJson(b.getURI(), apiKey);
  }

  @AfterAll
  void stop() {
    hooks.close();
    model.close();
    toolServer.stop(0);
  }

  private String scriptedAgent() {
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", "Front desk");
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", List.of(
        Map.of("match", "(?i)human", "tool", Map.of("name", "transferToHuman", "arguments", Map.of("reason", "asked for a person")),
            "reply", "A person will take over."),
        Map.of("match", "(?i)slow", "tool", Map.of("name", "slow", "arguments", Map.of()), "reply", "Slow: {{tool.slow.status}}")),
        "fallback", "You said: {{last_user_message}}"));
    agent.put("tools", List.of(Map.of("name", "slow", "description", "Takes its time", "parameters", Map.of("type", "object"),
        "webhook", Map.of("url", "http://127.0.0.1:" + toolServer.getAddress().getPort() + "/tools/slow", "timeout_ms", 10_000))));
    agent.put("completion_webhook", Map.of("url", hooks.url("/hooks/" + UUID.randomUUID()), "secret", SECRET));
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  private String chat(String agentId) {
    return (String) http.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");
  }

  private List<Map<String, Object>> webhooks(String chat) {
    return hooks.requestsTo("/hooks/").stream().filter(r -> r.text().contains(chat)).map(r -> {
      assertThat(signatureValid(r)).as("signed with the agent's secret").isTrue();
      return new HttpJson.Response(200, Map.of(), r.text()).json();
    }).toList();
  }

  private static boolean signatureValid(WebhookReceiver.Received r) {
    String header = r.header("Parley-Signature");
    String t = header.replaceAll(".*t=(\\d+).*", "$1");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
      return header.contains("v1=" + HexFormat.of().formatHex(mac.doFinal(r.body())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> transcript(String chat) {
    return asList(http.get("/api/v1/chats/" + chat).json().get("messages")).stream().map(HttpJson::asMap)
        .map(m -> m.get("role") + ":" + m.get("content")).toList();
  }

  @Test
  void the_agent_hands_over_with_transfer_to_human_then_an_operator_talks_and_hands_back() {
    String chat = chat(scriptedAgent());
    HttpJson.Response asked = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "I want a human"));
    assertThat(asked.status()).isEqualTo(200);
    assertThat(http.get("/api/v1/chats/" + chat).json()).containsEntry("mode", "human");

    HttpJson.Response waiting = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "hello? anyone?"));
    assertThat(waiting.status()).isEqualTo(200);
    assertThat(asList(waiting.json().get("messages"))).as("the agent stays silent").isEmpty();

    HttpJson.Response op = http.post("/api/v1/chats/" + chat + "/operator-messages",
        Map.of("content", "Hi, Ana here. How can I help?", "operator", Map.of("id", "op-7", "name", "Ana")));
    assertThat(op.status()).as(op.body()).isEqualTo(201);
    assertThat(asMap(op.json().get("message"))).containsEntry("role", "operator")
        .containsEntry("operator", Map.of("id", "op-7", "name", "Ana"));

    HttpJson.Response back = http.post("/api/v1/chats/" + chat + "/handback", null);
    assertThat(back.status()).as(back.body()).isEqualTo(200);
    assertThat(back.json()).containsEntry("mode", "agent");
    assertThat(asList(http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "thanks")).json().get("messages")))
        .extracting(m -> asMap(m).get("content")).containsExactly("You said: thanks");
    assertThat(transcript(chat)).containsSubsequence("user:I want a human", "assistant:", "assistant:A person will take over.",
        "user:hello? anyone?", "operator:Hi, Ana here. How can I help?", "user:thanks", "assistant:You said: thanks");

    await().atMost(Duration.ofSeconds(10)).until(() -> webhooks(chat).size() >= 2);
    List<Map<String, Object>> events = webhooks(chat);
    assertThat(events).extracting(e -> e.get("type")).containsExactly("chat.handoff_requested", "chat.handoff_ended");
    assertThat(asMap(events.get(0).get("data"))).containsEntry("mode", "human").doesNotContainKey("analysis")
        .containsEntry("reason", "asked for a person"); // transferToHuman's reason
    assertThat(asMap(events.get(1).get("data"))).doesNotContainKey("reason");
    assertThat(http.get("/api/v1/chats/" + chat + "/activity").body()).contains("asked for a person");
  }

  @Test
  void each_handoff_webhook_names_the_hands_the_chat_passed_into_even_when_delivered_after_a_handback() {
    String chat = chat(scriptedAgent());
    hooks.answerWith(() -> 503); // the first delivery fails, so its retry comes after the handback
    assertThat(http.post("/api/v1/chats/" + chat + "/handoff", Map.of("reason", "vip")).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> typesDelivered(chat).contains("chat.handoff_requested"));
    assertThat(http.post("/api/v1/chats/" + chat + "/handback", null).status()).isEqualTo(200);
    hooks.answerWith(() -> 200);
    await().atMost(Duration.ofSeconds(20)).until(() -> typesDelivered(chat).stream()
        .filter("chat.handoff_requested"::equals).count() >= 2 && typesDelivered(chat).contains("chat.handoff_ended"));
    for (Map<String, Object> event : webhooks(chat)) {
      String expected = "chat.handoff_requested".equals(event.get("type")) ? "human" : "agent";
      assertThat(asMap(event.get("data"))).as("%s", event.get("type")).containsEntry("mode", expected);
      if ("human".equals(expected)) // POST .../handoff's reason, on every attempt
        assertThat(asMap(event.get("data"))).containsEntry("reason", "vip");
    }
  }

  private List<Object> typesDelivered(String chat) {
    return webhooks(chat).stream().map(e -> e.get("type")).toList();
  }

  @Test
  void after_handback_the_model_sees_the_operators_words_as_its_own_turns() {
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "Model agent",
        "model", Map.of("provider", "openai", "model", "stub", "base_url", model.baseUrl()))).json().get("id");
    String chat = chat(agent);
    HttpJson.Response handoff = http.post("/api/v1/chats/" + chat + "/handoff", Map.of("reason", "VIP customer"));
    assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);
    assertThat(handoff.json()).containsEntry("mode", "human");
    http.post("/api/v1/chats/" + chat + "/operator-messages", Map.of("content", "Your refund is approved.",
        "operator", Map.of("name", "Ana")));
    http.post("/api/v1/chats/" + chat + "/handback", null);
    int before = model.requests.size();
    HttpJson.Response answer = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "great, thanks"));
    assertThat(answer.status()).isEqualTo(200);
    Map<String, Object> request = new HttpJson.Response(200, Map.of(), model.requests.get(before)).json();
    assertThat(asList(request.get("messages"))).containsExactly(
        Map.of("role", "assistant", "content", "Your refund is approved."), Map.of("role", "user", "content", "great, thanks"));
  }

  @Test
  void operator_messages_need_a_person_in_charge_and_a_name() {
    String chat = chat(scriptedAgent());
    HttpJson.Response early = http.post("/api/v1/chats/" + chat + "/operator-messages",
        Map.of("content", "hi", "operator", Map.of("name", "Ana")));
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.json()).containsEntry("code", "not_in_human_mode");
    http.post("/api/v1/chats/" + chat + "/handoff", null);
    HttpJson.Response nameless = http.post("/api/v1/chats/" + chat + "/operator-messages",
        Map.of("content", "hi", "operator", Map.of("id", "op-1", "name", "")));
    assertThat(nameless.status()).isEqualTo(400);
    assertThat(nameless.json()).containsEntry("field", "/operator/name");
    HttpJson.Response empty = http.post("/api/v1/chats/" + chat + "/operator-messages", Map.of("operator", Map.of("name", "Ana")));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.json()).containsEntry("field", "/content");
    HttpJson.Response tooLong = http.post("/api/v1/chats/" + chat + "/operator-messages",
        Map.of("content", "x".repeat(40_000), "operator", Map.of("name", "Ana")));
    assertThat(tooLong.status()).isEqualTo(413);
    assertThat(tooLong.json()).containsEntry("field", "/content"); // the same rule as a user's message
    assertThat(http.post("/api/v1/chats/" + UUID.randomUUID() + "/handoff", null).status()).isEqualTo(404);
    Misuse.record("operator-messages", "an operator message while the agent holds the chat; a nameless operator",
        early.status() + " " + early.json().get("code") + "; " + nameless.status() + " " + nameless.json().get("field"));
  }

  @Test
  void the_chat_list_filters_by_who_answers_the_chat() {
    String agent = scriptedAgent();
    String held = chat(agent);
    String agentOnly = chat(agent);
    assertThat(http.post("/api/v1/chats/" + held + "/handoff", null).status()).isEqualTo(200);
    assertThat(ids(http.get("/api/v1/chats?agent_id=" + agent + "&mode=human").json())).containsExactly(held);
    assertThat(ids(http.get("/api/v1/chats?agent_id=" + agent + "&mode=agent").json())).containsExactly(agentOnly);
    assertThat(ids(http.get("/api/v1/chats?agent_id=" + agent).json())).containsExactlyInAnyOrder(held, agentOnly);
    assertThat(((Number) http.get("/api/v1/chats?agent_id=" + agent + "&mode=human").json().get("total_count")).longValue()).isEqualTo(1L);
    HttpJson.Response bad = http.get("/api/v1/chats?mode=robot");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json()).containsEntry("field", "/mode");
  }

  private static List<Object> ids(Map<String, Object> page) {
    return asList(page.get("items")).stream().map(c -> asMap(c).get("id")).toList();
  }

  @Test
  void a_handoff_during_a_running_turn_stops_it_keeps_the_users_message_and_takes_over() throws Exception {
    String chat = chat(scriptedAgent());
    CompletableFuture<HttpJson.Response> turn = CompletableFuture.supplyAsync(() ->
        http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "slow please")));
    Thread.sleep(500); // the tool is running
    HttpJson.Response handoff = http.post("/api/v1/chats/" + chat + "/handoff", Map.of("reason", "escalation"));
    HttpJson.Response answer = turn.get(20, TimeUnit.SECONDS);
    assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);
    assertThat(handoff.json()).containsEntry("mode", "human");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).containsEntry("cancelled", true);
    assertThat(transcript(chat)).contains("user:slow please").doesNotContain("assistant:Slow: done");
  }

  @Test
  void a_handoff_racing_an_ending_has_one_outcome_and_never_a_5xx() throws Exception {
    String agent = scriptedAgent();
    for (int i = 0; i < 10; i++) {
      String chat = chat(agent);
      CompletableFuture<HttpJson.Response> handoff = CompletableFuture.supplyAsync(() ->
          http.post("/api/v1/chats/" + chat + "/handoff", null));
      HttpJson.Response end = http.post("/api/v1/chats/" + chat + "/end", Map.of());
      HttpJson.Response taken = handoff.get(20, TimeUnit.SECONDS);
      assertThat(end.status()).isEqualTo(200);
      assertThat(taken.status()).as(taken.body()).isIn(200, 409);
      if (taken.status() == 409) assertThat(taken.json()).containsEntry("code", "chat_final");
      Map<String, Object> after = http.get("/api/v1/chats/" + chat).json();
      assertThat(after).containsEntry("status", "final").containsEntry("final_reason", "user_end");
      assertThat(after.get("mode")).isEqualTo(taken.status() == 200 ? "human" : "agent");
    }
  }

  @Test
  void a_chat_waiting_for_a_person_ends_after_the_human_wait_not_its_ttl() {
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", scriptedAgent(), "ttl_seconds", 3600)).json().get("id");
    HttpJson.Response handoff = quickWait.post("/api/v1/chats/" + chat + "/handoff", null);
    assertThat(handoff.status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> "final".equals(http.get("/api/v1/chats/" + chat).json().get("status")));
    assertThat(http.get("/api/v1/chats/" + chat).json()).containsEntry("final_reason", "ttl").containsEntry("mode", "human");
  }
}
