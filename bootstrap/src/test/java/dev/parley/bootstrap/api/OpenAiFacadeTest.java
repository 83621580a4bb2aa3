package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.AtRestScan;
import dev.parley.bootstrap.support.ExternalTools;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.MockLlm;
import dev.parley.bootstrap.support.ValidatingProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible facade driven by the official {@code openai} npm client (src/test/openai/facade.mjs, installed
 * by .ci/run with {@code npm ci --prefix bootstrap/src/test/openai}) through a {@link ValidatingProxy}, so every
 * exchange is also checked against the served OpenAPI document. One agent is scripted; the other answers through a
 * provider connection to the third-party mock-llm, which reports usage and calls the client's tool.
 */
class OpenAiFacadeTest extends ApiTestBase {
  private static final Path HOME = Path.of("src/test/openai");
  private MockLlm mockLlm;

  @BeforeAll
  void startMockLlm() throws Exception {
    ExternalTools.require(ExternalTools.runs("node", "--version"), "node is not installed");
    ExternalTools.require(Files.isDirectory(HOME.resolve("node_modules/openai")),
        "the openai package is not installed: npm ci --prefix bootstrap/src/test/openai");
    mockLlm = MockLlm.start();
  }

  @AfterAll
  void stopMockLlm() {
    if (mockLlm != null) mockLlm.close();
  }

  @Test
  void the_official_openai_client_lists_runs_streams_and_loops_over_a_client_tool() throws Exception {
    String scripted = created(http.post("/api/v1/agents", Map.of("name", "Story desk", "prompt", "You tell stories.",
        "model", Map.of("provider", "scripted"), "script", Map.of("rules", List.of(),
            "fallback", "Once upon a time you said: {{last_user_message}}"))));
    HttpJson.Response connection = http.post("/api/v1/providers", Map.of("name", "mock", "kind", "openai", "base_url",
        mockLlm.baseUrl(), "api_key", "mock-tenant-key", "headers", Map.of("X-Team", "parley"), "max_retries", 0));
    assertThat(connection.status()).as(connection.body()).isEqualTo(201);
    String provider = created(http.post("/api/v1/agents", Map.of("name", "Weather desk", "prompt", "You know the weather.",
        "model", Map.of("provider", "mock", "model", "mock-4"))));

    String clock = created(http.post("/api/v1/agents", Map.of("name", "Clock", "model", Map.of("provider", "scripted"),
        "tools", List.of(Map.of("name", "get_time", "description", "runs on the client")),
        "script", Map.of("rules", List.of(Map.of("match", "(?i)time", "tool", Map.of("name", "get_time", "arguments", Map.of("zone", "UTC")),
            "reply", "It is {{tool.get_time.now}}.")), "fallback", "Ask me the time."))));

    Map<String, Object> seen;
    try (ValidatingProxy proxy = ValidatingProxy.start(server.getURI())) {
      seen = asMap(HttpJson.parse(node(Map.of("PARLEY_OPENAI_URL", proxy.uri().resolve("/api/v1/openai").toString(),
          "PARLEY_API_KEY", apiKey, "SCRIPTED_AGENT", scripted, "PROVIDER_AGENT", provider, "CLOCK_AGENT", clock))));
      assertThat(proxy.violations()).as("traffic the served OpenAPI document does not describe").isEmpty();
      assertThat(proxy.exchanges()).isGreaterThanOrEqualTo(11);
    }

    assertThat(asList(seen.get("list"))).extracting(m -> asMap(m).get("id")).contains(scripted, provider);
    assertThat(asList(seen.get("list"))).anySatisfy(m -> assertThat(asMap(m)).containsEntry("id", scripted)
        .containsEntry("object", "model").containsEntry("owned_by", "parley").containsEntry("name", "Story desk"));
    assertThat(asMap(seen.get("retrieve"))).containsEntry("id", scripted).containsEntry("name", "Story desk");

    Map<String, Object> usage = Map.of("prompt_tokens", 21, "completion_tokens", 5, "total_tokens", 26);
    assertThat(asMap(seen.get("create"))).containsEntry("object", "chat.completion").containsEntry("model", provider)
        .containsEntry("content", "mock-4 heard: hello there").containsEntry("finish_reason", "stop").containsEntry("usage", usage);
    assertThat(asMap(seen.get("scripted"))).containsEntry("content", "Once upon a time you said: tell me a story")
        .containsEntry("usage", Map.of("prompt_tokens", 0, "completion_tokens", 0, "total_tokens", 0));

    Map<String, Object> stream = asMap(seen.get("stream"));
    assertThat(stream).containsEntry("text", "Once upon a time you said: stream a long answer please")
        .containsEntry("finish_reason", List.of("stop")).containsEntry("objects", List.of("chat.completion.chunk"))
        .containsEntry("last_choices", 0)
        .containsEntry("last_usage", Map.of("prompt_tokens", 0, "completion_tokens", 0, "total_tokens", 0));
    assertThat((Integer) stream.get("chunks")).as("the reply came in pieces").isGreaterThan(4);
    Map<String, Object> providerStream = asMap(seen.get("provider_stream"));
    assertThat(providerStream).containsEntry("text", "mock-4 heard: stream a long answer please")
        .containsEntry("finish_reason", List.of("stop")).containsEntry("last_choices", 0);
    assertThat(asMap(providerStream.get("last_usage"))).containsKeys("prompt_tokens", "completion_tokens", "total_tokens");

    assertThat(asMap(seen.get("tool_call"))).containsEntry("finish_reason", "tool_calls").containsEntry("name", "get_weather")
        .containsEntry("arguments", Map.of("city", "Paris")).containsEntry("id", "call_weather_1");
    assertThat(asMap(seen.get("tool_result"))).containsEntry("finish_reason", "stop")
        .containsEntry("content", "It is 21 degrees in Paris.")
        .containsEntry("usage", Map.of("prompt_tokens", 60, "completion_tokens", 8, "total_tokens", 68));

    assertThat(asMap(seen.get("stream_tool_call"))).containsEntry("finish_reason", List.of("tool_calls"))
        .containsEntry("calls", List.of(Map.of("index", 0, "name", "get_time", "arguments", "{\"zone\":\"UTC\"}")));
    assertThat(seen).containsEntry("stream_tool_result", "It is noon.");

    assertThat(asMap(seen.get("unknown_model"))).containsEntry("thrown", true).containsEntry("class", "NotFoundError")
        .containsEntry("status", 404).containsEntry("code", "not_found").containsEntry("type", "invalid_request_error");
    assertThat(asMap(seen.get("unknown_model")).get("message").toString()).contains("00000000-0000-4000-8000-000000000000");
    assertThat(asMap(seen.get("bad_input"))).containsEntry("class", "BadRequestError").containsEntry("status", 400)
        .containsEntry("param", "/messages/1/role").containsEntry("code", "invalid_value");
    assertThat(asMap(seen.get("bad_input")).get("message").toString()).contains("wizard");
    assertThat(asMap(seen.get("wrong_key"))).containsEntry("class", "AuthenticationError").containsEntry("status", 401)
        .containsEntry("type", "authentication_error");
  }

  /** Stateless: nothing sent to or answered by the facade is at rest anywhere, so there is nothing to erase. */
  @Test
  void the_facade_stores_nothing_of_the_conversation() {
    String marker = "openai-facade-marker-" + java.util.UUID.randomUUID();
    String agent = created(http.post("/api/v1/agents", Map.of("name", "Echo", "model", Map.of("provider", "scripted"),
        "tools", List.of(Map.of("name", "lookup", "description", "runs on the client")),
        "script", Map.of("rules", List.of(Map.of("match", "(?i)look", "tool", Map.of("name", "lookup", "arguments", Map.of("q", "x")),
            "reply", "found {{tool.lookup.value}}")), "fallback", "echo {{last_user_message}}"))));
    HttpJson.Response answer = http.post("/api/v1/openai/chat/completions", Map.of("model", agent,
        "messages", List.of(Map.of("role", "system", "content", "system " + marker), Map.of("role", "user", "content", marker))));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).contains("echo " + marker);
    HttpJson.Response tools = http.post("/api/v1/openai/chat/completions", Map.of("model", agent,
        "tools", List.of(Map.of("type", "function", "function", Map.of("name", "lookup"))),
        "messages", List.of(Map.of("role", "user", "content", "look it up"),
            Map.of("role", "assistant", "tool_calls", List.of(Map.of("id", "call_1", "type", "function",
                "function", Map.of("name", "lookup", "arguments", "{\"q\": \"x\"}")))),
            Map.of("role", "tool", "tool_call_id", "call_1", "content", "{\"value\": \"" + marker + "\"}"))));
    assertThat(tools.status()).as(tools.body()).isEqualTo(200);
    assertThat(tools.body()).contains("found " + marker).contains("\"finish_reason\":\"stop\"");

    AtRestScan.Result scan = AtRestScan.find(database.sql(), marker);
    assertThat(scan.tables()).as("the scan looked at the tables").contains("public.chat_messages", "public.usage_ledger");
    assertThat(scan.hits()).as("the marker at rest").isEmpty();
  }

  @Test
  void a_call_of_a_client_tool_ends_the_run_and_bad_input_names_its_field() {
    String agent = created(http.post("/api/v1/agents", Map.of("name", "Caller", "model", Map.of("provider", "scripted"),
        "tools", List.of(Map.of("name", "lookup", "description", "runs on the client")),
        "script", Map.of("rules", List.of(Map.of("match", "(?i)look", "tool", Map.of("name", "lookup", "arguments", Map.of("q", "x")),
            "reply", "found {{tool.lookup.value}}")), "fallback", "echo"))));
    Map<String, Object> lookup = Map.of("type", "function", "function", Map.of("name", "lookup"));
    HttpJson.Response called = http.post("/api/v1/openai/chat/completions", Map.of("model", agent, "tools", List.of(lookup),
        "messages", List.of(Map.of("role", "user", "content", "look it up"))));
    assertThat(called.status()).as(called.body()).isEqualTo(200);
    Map<String, Object> choice = asMap(asList(called.json().get("choices")).get(0));
    assertThat(choice).containsEntry("finish_reason", "tool_calls");
    Map<String, Object> call = asMap(asList(asMap(choice.get("message")).get("tool_calls")).get(0));
    assertThat(asMap(call.get("function"))).containsEntry("name", "lookup").containsEntry("arguments", "{\"q\":\"x\"}");

    HttpJson.Response unanswered = http.post("/api/v1/openai/chat/completions", Map.of("model", agent, "tools", List.of(lookup),
        "messages", List.of(Map.of("role", "user", "content", "look it up"), Map.of("role", "assistant", "tool_calls",
            List.of(Map.of("id", "call_1", "type", "function", "function", Map.of("name", "lookup", "arguments", "{}")))))));
    assertThat(unanswered.status()).isEqualTo(400);
    assertThat(unanswered.json()).containsEntry("field", "/messages");
    HttpJson.Response foreign = http.post("/api/v1/openai/chat/completions", Map.of("model", agent,
        "messages", List.of(Map.of("role", "user", "content", "hi"), Map.of("role", "tool", "tool_call_id", "nope", "content", "x"))));
    assertThat(foreign.status()).isEqualTo(400);
    assertThat(asMap(foreign.json().get("error"))).containsEntry("param", "/messages/1/role")
        .containsEntry("type", "invalid_request_error");
    HttpJson.Response badTool = http.post("/api/v1/openai/chat/completions", Map.of("model", agent,
        "tools", List.of(Map.of("type", "function", "function", Map.of("name", "no spaces allowed"))),
        "messages", List.of(Map.of("role", "user", "content", "hi"))));
    assertThat(badTool.status()).isEqualTo(400);
    assertThat(badTool.json()).containsEntry("field", "/tools/0/function/name");
    List<Object> manyTools = new java.util.ArrayList<>();
    for (int i = 0; i < 65; i++) manyTools.add(Map.of("type", "function", "function", Map.of("name", "tool_" + i)));
    HttpJson.Response tooMany = http.post("/api/v1/openai/chat/completions", Map.of("model", agent, "tools", manyTools,
        "messages", List.of(Map.of("role", "user", "content", "hi"))));
    assertThat(tooMany.status()).isEqualTo(413);
    assertThat(asMap(tooMany.json().get("error"))).containsEntry("param", "/tools");
    assertThat(http.get("/api/v1/openai/models/" + agent).json()).containsEntry("name", "Caller");
    assertThat(http.get("/api/v1/openai/models/not-an-id").status()).isEqualTo(404);
  }

  private static String created(HttpJson.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return (String) response.json().get("id");
  }

  private static String node(Map<String, String> environment) throws Exception {
    Path output = Files.createTempFile("parley-openai", ".out");
    try {
      ProcessBuilder builder = new ProcessBuilder("node", "facade.mjs").directory(HOME.toFile())
          .redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      boolean finished = process.waitFor(120, TimeUnit.SECONDS);
      process.destroyForcibly();
      String printed = Files.readString(output);
      assertThat(finished).as("facade.mjs finished in time; it printed:%n%s", printed).isTrue();
      assertThat(process.exitValue()).as("facade.mjs exit status; it printed:%n%s", printed).isZero();
      return printed.lines().reduce((a, b) -> b).orElse("");
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
