package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.MockLlm;
import dev.parley.bootstrap.support.WebhookReceiver;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A chat through a tenant's own connection to a third-party OpenAI-compatible server: {@code @dwmkerr/mock-llm} from
 * npm, started here on a loopback port with the rules in src/test/mock-llm/mock-llm.yaml. It answers only with the
 * connection's key and header. Installed by .ci/run ({@code npm ci --prefix bootstrap/src/test/mock-llm}); without
 * it this test fails, it is not skipped.
 */
class ProviderConnectionsMockLlmTest extends ApiTestBase {
  private final WebhookReceiver tools = new WebhookReceiver();
  private MockLlm mockLlm;
  private String baseUrl;

  @BeforeAll
  void startMockLlm() throws Exception {
    mockLlm = MockLlm.start();
    baseUrl = mockLlm.baseUrl();
  }

  @AfterAll
  void stopMockLlm() {
    if (mockLlm != null) mockLlm.close();
    tools.close();
  }

  private String connection(String name, String key) {
    HttpJson.Response created = http.post("/api/v1/providers", Map.of("name", name, "kind", "openai", "base_url", baseUrl,
        "api_key", key, "default_model", "mock-default", "headers", Map.of("X-Team", "parley"), "max_retries", 0,
        "prices", Map.of("mock-4", Map.of("input_per_million", 1.5, "output_per_million", 4))));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return name;
  }

  private String agent(String provider, String model) {
    Map<String, Object> agent = Map.of("name", "Mock " + provider, "prompt", "You look up orders.",
        "model", model == null ? Map.of("provider", provider) : Map.of("provider", provider, "model", model),
        "tools", List.of(Map.of("name", "lookupOrder", "description", "Find an order",
            "parameters", Map.of("type", "object", "properties", Map.of("id", Map.of("type", "string"))),
            "webhook", Map.of("url", tools.url("/tools/lookupOrder"), "timeout_ms", 2000))));
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  private List<Object> turn(String agentId, String text) {
    return asList(turnAnswer(agentId, text).get("messages"));
  }

  private Map<String, Object> turnAnswer(String agentId, String text) {
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");
    HttpJson.Response turn = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", text));
    assertThat(turn.status()).as(turn.body()).isEqualTo(200);
    return turn.json();
  }

  @Test
  void a_json_turn_is_answered_by_the_third_party_server_with_the_connections_model() {
    String agent = agent(connection("mock", "mock-tenant-key"), "mock-4");
    List<Object> messages = turn(agent, "hello there");
    assertThat(asMap(messages.get(messages.size() - 1))).containsEntry("content", "mock-4 heard: hello there");

    String onDefault = agent("mock", null);
    List<Object> defaulted = turn(onDefault, "hi");
    assertThat(asMap(defaulted.get(defaulted.size() - 1))).containsEntry("content", "mock-default heard: hi");
  }

  @Test
  void usage_and_model_reach_the_answer_the_transcript_the_ledger_with_its_cost_and_the_token_counters() {
    String agent = agent(connection("mock-usage", "mock-tenant-key"), "mock-4");
    Map<String, Object> answer = turnAnswer(agent, "count me");
    Map<String, Object> usage = Map.of("input_tokens", 21, "output_tokens", 5, "cached_input_tokens", 0);
    assertThat(answer).containsEntry("model", "mock-4").containsEntry("usage", usage);
    List<Object> messages = asList(answer.get("messages"));
    assertThat(asMap(messages.get(messages.size() - 1))).containsEntry("model", "mock-4").containsEntry("usage", usage);
    String chat = (String) answer.get("chat_id");
    List<Object> stored = asList(http.get("/api/v1/chats/" + chat + "/messages").json().get("messages"));
    assertThat(asMap(stored.get(stored.size() - 1))).containsEntry("model", "mock-4").containsEntry("usage", usage);

    List<Map<String, Object>> ledger = database.sql().rows("SELECT provider, model, kind, input_tokens, output_tokens, "
        + "cost::text AS cost FROM usage_ledger WHERE chat_id = ?::uuid", chat);
    assertThat(ledger).hasSize(1);
    assertThat(ledger.get(0)).containsEntry("provider", "mock-usage").containsEntry("model", "mock-4")
        .containsEntry("kind", "turn").containsEntry("input_tokens", 21L).containsEntry("output_tokens", 5L)
        .containsEntry("cost", "0.00005150"); // 21 × 1.5 / 1M + 5 × 4 / 1M

    String metrics = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(http.base().resolve("/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString()).join().body();
    assertThat(metrics.lines().filter(l -> l.startsWith("parley_model_tokens_total") && l.contains("provider=\"mock-usage\"")
        && l.contains("model=\"mock-4\"") && l.contains("type=\"input\"")))
        .singleElement().satisfies(line -> assertThat(line).endsWith(" 21.0"));
  }

  @Test
  void the_chat_and_its_completion_webhook_carry_totals_cost_and_currency_with_the_analysis_and_the_sums_survive_erasure()
      throws Exception {
    connection("mock-hook", "mock-tenant-key");
    HttpJson.Response currency = http.send("PUT", "/api/v1/tenant/currency", Map.of("currency", "EUR"), Map.of());
    assertThat(currency.status()).as(currency.body()).isEqualTo(200);
    Map<String, Object> definition = new java.util.HashMap<>(Map.of("name", "Hooked", "prompt", "p",
        "model", Map.of("provider", "mock-hook", "model", "mock-4"),
        "completion_webhook", Map.of("url", tools.url("/hooks/completed"), "secret", "hook-secret")));
    HttpJson.Response agentCreated = http.post("/api/v1/agents", definition);
    assertThat(agentCreated.status()).as(agentCreated.body()).isEqualTo(201);
    String agent = (String) agentCreated.json().get("id");
    String chat = (String) turnAnswer(agent, "one").get("chat_id");
    assertThat(http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "two")).status()).isEqualTo(200);

    Map<String, Object> totals = Map.of("input_tokens", 42, "output_tokens", 10, "cached_input_tokens", 0);
    Map<String, Object> read = http.get("/api/v1/chats/" + chat).json();
    assertThat(read).containsEntry("usage", totals).containsEntry("currency", "EUR");
    assertThat(read.get("cost").toString()).isEqualTo("1.03E-4"); // 2 × (21 × 1.5 + 5 × 4) / 1M

    assertThat(http.post("/api/v1/chats/" + chat + "/end", Map.of()).status()).isEqualTo(200);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (tools.requestsTo("/hooks/completed").stream().noneMatch(r -> r.text().contains(chat)) && System.nanoTime() < deadline)
      Thread.sleep(100);
    WebhookReceiver.Received hook = tools.requestsTo("/hooks/completed").stream().filter(r -> r.text().contains(chat))
        .findFirst().orElseThrow(() -> new AssertionError("no completion webhook for " + chat));
    Map<String, Object> data = asMap(asMap(HttpJson.parse(hook.text())).get("data"));
    // the analysis ran before the webhook (the mock's JSON-mode rule: 70 in, 12 out) and counts in the totals
    assertThat(asMap(data.get("analysis"))).containsEntry("summary", "Two short greetings.");
    Map<String, Object> withAnalysis = Map.of("input_tokens", 112, "output_tokens", 22, "cached_input_tokens", 0);
    assertThat(data).containsEntry("usage", withAnalysis).containsEntry("cost", "0.000256") // + (70 × 1.5 + 12 × 4) / 1M
        .containsEntry("currency", "EUR");
    assertThat(database.sql().rows("SELECT provider, model, input_tokens, output_tokens FROM usage_ledger "
        + "WHERE chat_id = ?::uuid AND kind = 'analysis'", chat)).singleElement().satisfies(row -> assertThat(row)
        .containsEntry("provider", "mock-hook").containsEntry("model", "mock-4").containsEntry("input_tokens", 70L)
        .containsEntry("output_tokens", 12L));
    String metrics = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(http.base().resolve("/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString()).join().body();
    assertThat(metrics.lines().filter(l -> l.startsWith("parley_model_tokens_total") && l.contains("provider=\"mock-hook\"")
        && l.contains("type=\"input\""))).as("the analysis's tokens are counted too")
        .singleElement().satisfies(line -> assertThat(line).endsWith(" 112.0"));

    assertThat(http.delete("/api/v1/chats/" + chat).status()).isEqualTo(204);
    HttpJson.Response usage = http.get("/api/v1/usage?group_by=model&from="
        + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1));
    assertThat(usage.status()).as(usage.body()).isEqualTo(200);
    List<Object> byModel = asList(usage.json().get("items"));
    assertThat(usage.json()).containsEntry("currency", "EUR");
    assertThat(byModel).anySatisfy(g -> assertThat(asMap(g)).containsEntry("key", "mock-hook/mock-4")
        .containsEntry("calls", 3).containsEntry("usage", withAnalysis));
    assertThat(http.get("/api/v1/usage?group_by=week").body()).contains("/group_by");
    assertThat(http.get("/api/v1/usage?from=2020-01-01").body()).contains("366 days");
  }

  @Test
  void a_tenant_currency_must_be_an_iso_4217_code_and_null_clears_it() {
    for (Object bad : List.of("eur", "EURO", "E1R", 978)) {
      HttpJson.Response refused = http.send("PUT", "/api/v1/tenant/currency", Map.of("currency", bad), Map.of());
      assertThat(refused.status()).as(refused.body()).isEqualTo(400);
      assertThat(refused.body()).contains("/currency");
    }
    assertThat(http.send("PUT", "/api/v1/tenant/currency", Map.of("currency", "JPY"), Map.of()).json())
        .containsEntry("currency", "JPY");
    assertThat(http.get("/api/v1/tenant").json()).containsEntry("currency", "JPY");
    java.util.Map<String, Object> clear = new java.util.HashMap<>();
    clear.put("currency", null);
    assertThat(http.send("PUT", "/api/v1/tenant/currency", clear, Map.of()).json()).containsEntry("currency", null);
    assertThat(http.get("/api/v1/tenant").json()).containsEntry("currency", null);
  }

  /** Long enough for mock-llm (50 characters a chunk) to stream its echo in several pieces. */
  private static final String LONG = "please stream this answer back to me in more than one piece";

  @Test
  void a_streamed_sse_turn_reaches_the_reader_in_pieces_through_the_tenants_connection_and_names_its_model() {
    String agent = agent(connection("mock-sse", "mock-tenant-key"), "mock-4");
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id");
    HttpJson.Response streamed = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", LONG),
        Map.of("Accept", "text/event-stream"));
    assertThat(streamed.status()).as(streamed.body()).isEqualTo(200);
    List<dev.parley.bootstrap.support.SseContract.Event> events = dev.parley.bootstrap.support.SseContract.parse(streamed.body());
    List<String> pieces = events.stream().filter(e -> e.name().equals("delta")).map(e -> asMap(asMap(asList(
        asMap(HttpJson.parse(e.data())).get("choices")).get(0)).get("delta")).get("content").toString()).toList();
    assertThat(pieces).as("mock-llm streamed the echo in chunks").hasSizeGreaterThan(1);
    assertThat(String.join("", pieces)).isEqualTo("mock-4 heard: " + LONG);
    Map<String, Object> turn = asMap(HttpJson.parse(events.stream().filter(e -> e.name().equals("turn")).findFirst()
        .orElseThrow().data()));
    // mock-llm streams no usage: the model is named, the usage is null (the project's stub covers streamed usage)
    assertThat(turn).containsEntry("model", "mock-4").containsEntry("usage", null);
    List<Object> messages = asList(turn.get("messages"));
    assertThat(asMap(messages.get(messages.size() - 1))).containsEntry("content", "mock-4 heard: " + LONG)
        .containsEntry("model", "mock-4");
    assertThat(dev.parley.bootstrap.support.SseContract.of(http.get("/swagger/parley-0.1.yml").body())
        .violations("POST", "/api/v1/chats/" + chat + "/messages", streamed.body())).isEmpty();
    assertThat(database.sql().rows("SELECT provider, model FROM usage_ledger WHERE chat_id = ?::uuid", chat))
        .singleElement().satisfies(row -> assertThat(row).containsEntry("provider", "mock-sse").containsEntry("model", "mock-4"));
  }

  @Test
  void a_streamed_socket_turn_reaches_the_reader_in_tokens_through_the_tenants_connection_and_names_its_model() {
    String agent = agent(connection("mock-ws", "mock-tenant-key"), "mock-4");
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agent, "user_id", "ws-user")).json().get("id");
    dev.parley.bootstrap.support.AsyncApiContract contract = dev.parley.bootstrap.support.AsyncApiContract.chat();
    try (dev.parley.bootstrap.support.WsClient ws = dev.parley.bootstrap.support.WsClient.connectTo(server.getURI(), "/ws/chat",
        Map.of("X-API-Key", apiKey, "X-User-ID", "ws-user", "X-Chat-ID", chat))) {
      ws.await(m -> "connection_established".equals(m.get("event_type")), "connection_established");
      ws.send(Map.of("content", LONG));
      Map<String, Object> ended = ws.await(m -> "message_stream_ended".equals(m.get("event_type")), "message_stream_ended");
      List<String> tokens = ws.received().stream().filter(m -> "message_stream_token".equals(m.get("event_type")))
          .map(m -> m.get("token").toString()).toList();
      assertThat(tokens).as("mock-llm streamed the echo in chunks").hasSizeGreaterThan(1);
      assertThat(String.join("", tokens)).isEqualTo("mock-4 heard: " + LONG);
      assertThat(ended).containsEntry("content", "mock-4 heard: " + LONG).containsEntry("model", "mock-4")
          .doesNotContainKey("usage"); // mock-llm streams none
      for (Map<String, Object> frame : ws.received())
        assertThat(contract.violations(dev.parley.bootstrap.support.AsyncApiContract.Direction.SERVER_TO_CLIENT, frame))
            .as(frame.toString()).isEmpty();
    }
  }

  @Test
  void a_tool_call_from_the_third_party_server_runs_the_agents_tool_and_the_model_answers_from_its_result() {
    String agent = agent(connection("mock-tools", "mock-tenant-key"), "mock-4");
    List<Object> messages = turn(agent, "where is my order?");
    assertThat(messages).hasSize(2);
    Map<String, Object> call = asMap(asList(asMap(messages.get(0)).get("tool_calls")).get(0));
    assertThat(call).containsEntry("name", "lookupOrder").containsEntry("arguments", Map.of("id", "42"));
    assertThat(asMap(call.get("response"))).containsEntry("status", "shipped");
    assertThat(asMap(messages.get(1))).containsEntry("content", "Order 42 has shipped.");
    assertThat(asMap(messages.get(0))).containsEntry("usage", Map.of("input_tokens", 30, "output_tokens", 9, "cached_input_tokens", 0));
  }

  @Test
  void a_wrong_key_is_refused_by_the_server_and_the_turn_apologises_without_the_key_in_sight() {
    String agent = agent(connection("mock-wrong", "not-the-key"), null);
    List<Object> messages = turn(agent, "hello");
    assertThat(asMap(messages.get(messages.size() - 1)).get("content").toString()).startsWith("Sorry, I cannot answer");
    String chatActivity = http.get("/api/v1/chats?agent_id=" + agent).body();
    assertThat(chatActivity).doesNotContain("not-the-key");
  }
}
