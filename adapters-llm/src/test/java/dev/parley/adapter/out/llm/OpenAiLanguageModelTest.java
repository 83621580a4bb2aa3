package dev.parley.adapter.out.llm;

import static dev.parley.adapter.out.llm.FakeChatCompletionsServer.Canned.json;
import static dev.parley.adapter.out.llm.FakeChatCompletionsServer.Canned.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.LanguageModel.ModelReply;
import dev.parley.application.port.out.LanguageModel.ModelRequest;
import dev.parley.application.port.out.LanguageModel.ModelUnavailableException;
import dev.parley.application.port.out.LanguageModel.TextReply;
import dev.parley.application.port.out.LanguageModel.ToolCallsReply;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.AnalysisField;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiLanguageModelTest {
  private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");
  private static final String API_KEY = "sk-test-secret";
  private static final ToolDefinition LOOKUP_ORDER = new ToolDefinition("lookupOrder", "Find an order",
      Map.of("type", "object", "properties", Map.of("id", Map.of("type", "string"))), null);

  private final FakeChatCompletionsServer server = new FakeChatCompletionsServer();
  private final OpenAiLanguageModel model = new OpenAiLanguageModel(JsonMapper.createDefault(),
      new OpenAiSettings(server.baseUrl(), API_KEY, "test-model", Duration.ofSeconds(2), Duration.ofSeconds(5), 2));

  OpenAiLanguageModelTest() throws IOException {}

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void a_plain_answer_becomes_a_text_reply() {
    server.answer(json(200, completion("{\"role\":\"assistant\",\"content\":\"Hello! How can I help?\"}", "stop")));

    ModelReply reply = model.complete(request(agent(null), List.of(Message.user("hi", NOW))));

    assertThat(reply.withMetering(null)).isEqualTo(new TextReply("Hello! How can I help?", false));
    FakeChatCompletionsServer.Received received = server.received().get(0);
    assertThat(received.path()).isEqualTo("/v1/chat/completions");
    assertThat(received.authorization()).isEqualTo("Bearer " + API_KEY);
    assertThat(received.body()).containsEntry("model", "test-model").doesNotContainKey("stream");
  }

  @Test
  void tool_calls_become_a_tool_calls_reply_with_parsed_arguments() {
    server.answer(json(200, completion("""
        {"role":"assistant","content":null,"tool_calls":[
          {"id":"call_abc","type":"function","function":{"name":"lookupOrder","arguments":"{\\"id\\":\\"42\\"}"}},
          {"id":"call_def","type":"function","function":{"name":"lookupOrder","arguments":"{not json"}}]}""", "tool_calls")));

    ModelReply reply = model.complete(request(agent(null), List.of(Message.user("where is order 42?", NOW))));

    assertThat(reply.withMetering(null)).isEqualTo(new ToolCallsReply(List.of(
        new ToolCall("call_abc", "lookupOrder", Map.of("id", "42"), null),
        new ToolCall("call_def", "lookupOrder", "{not json", null))));
  }

  @Test
  void a_body_of_several_lines_without_a_final_newline_is_read_whole_every_time() {
    // the last line ends the body without a line break: reading it must not race the end of the body
    server.answer(json(200, completion("""
        {"role":"assistant",
         "content":
         "all of it"}""", "stop")));

    for (int call = 0; call < 50; call++)
      assertThat(model.complete(request(agent(null), List.of(Message.user("hi", NOW)))).withMetering(null)).as("call %d", call)
          .isEqualTo(new TextReply("all of it", false));
  }

  @Test
  void a_rate_limited_request_is_retried_and_then_succeeds() {
    server.answer(json(429, "{\"error\":{\"message\":\"Rate limit reached\"}}").withHeader("Retry-After", "0"),
        json(200, completion("{\"role\":\"assistant\",\"content\":\"ok\"}", "stop")));

    ModelReply reply = model.complete(request(agent(null), List.of(Message.user("hi", NOW))));

    assertThat(reply.withMetering(null)).isEqualTo(new TextReply("ok", false));
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void a_persistent_server_error_ends_in_model_unavailable_without_leaking_the_key() {
    server.answer(json(500, "{\"error\":{\"message\":\"internal failure for key " + API_KEY + "\"}}"));

    assertThatThrownBy(() -> model.complete(request(agent(null), List.of(Message.user("hi", NOW)))))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("after 3 attempt(s)")
        .hasMessageNotContaining(API_KEY);
    assertThat(server.received()).hasSize(3);
  }

  @Test
  void a_client_error_is_not_retried() {
    server.answer(json(400, "{\"error\":{\"message\":\"bad request\"}}"));

    assertThatThrownBy(() -> model.complete(request(agent(null), List.of(Message.user("hi", NOW)))))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("bad request");
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void an_unreachable_endpoint_ends_in_model_unavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    OpenAiLanguageModel unreachable = new OpenAiLanguageModel(JsonMapper.createDefault(), new OpenAiSettings(
        "http://127.0.0.1:" + closedPort + "/v1", API_KEY, "m", Duration.ofSeconds(1), Duration.ofSeconds(1), 1));

    assertThatThrownBy(() -> unreachable.complete(request(agent(null), List.of(Message.user("hi", NOW)))))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("unreachable after 2 attempt(s)");
  }

  @Test
  @SuppressWarnings("unchecked")
  void the_request_carries_the_system_prompt_the_tools_and_the_tool_turn_in_wire_form() {
    server.answer(json(200, completion("{\"role\":\"assistant\",\"content\":\"Shipped.\"}", "stop")));
    ModelSettings settings = new ModelSettings("openai", "agent-model", null, 0.2, 100);
    List<Message> history = List.of(
        Message.assistant("Hello!", NOW),
        Message.user("where is order 42?", NOW),
        Message.toolTurn(List.of(new ToolCall("call_1", "lookupOrder", Map.of("id", "42"), Map.of("status", "shipped"))), NOW));

    model.complete(new ModelRequest(agent(settings), "You help Ada.", history, Map.of()));

    Map<String, Object> body = server.received().get(0).body();
    assertThat(body).containsEntry("model", "agent-model").containsEntry("max_tokens", 100);
    assertThat(((Number) body.get("temperature")).doubleValue()).isEqualTo(0.2);
    List<Map<String, Object>> messages = (List<Map<String, Object>>) body.get("messages");
    assertThat(messages).hasSize(5);
    assertThat(messages.get(0)).isEqualTo(Map.of("role", "system", "content", "You help Ada."));
    assertThat(messages.get(1)).isEqualTo(Map.of("role", "assistant", "content", "Hello!"));
    assertThat(messages.get(2)).isEqualTo(Map.of("role", "user", "content", "where is order 42?"));
    assertThat(messages.get(3)).isEqualTo(Map.of("role", "assistant", "tool_calls", List.of(Map.of("id", "call_1",
        "type", "function", "function", Map.of("name", "lookupOrder", "arguments", "{\"id\":\"42\"}")))));
    assertThat(messages.get(4)).isEqualTo(Map.of("role", "tool", "tool_call_id", "call_1", "content", "{\"status\":\"shipped\"}"));
    List<Map<String, Object>> tools = (List<Map<String, Object>>) body.get("tools");
    assertThat(tools).containsExactly(
        Map.of("type", "function", "function", Map.of("name", "lookupOrder", "description", "Find an order",
            "parameters", LOOKUP_ORDER.parameters())),
        Map.of("type", "function", "function", Map.of("name", "finishTheConversation",
            "description", ((Map<String, Object>) tools.get(1).get("function")).get("description"),
            "parameters", Map.of("type", "object", "properties", Map.of()))),
        Map.of("type", "function", "function", Map.of("name", "transferToHuman",
            "description", ((Map<String, Object>) tools.get(2).get("function")).get("description"),
            "parameters", Map.of("type", "object", "properties", Map.of("reason", Map.of("type", "string",
                "description", "Why a person is needed"))))));
  }

  @Test
  void streaming_forwards_content_deltas_and_returns_the_whole_text() {
    server.answer(sse(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null), chunk("{\"content\":\"Hello\"}", null),
        chunk("{\"content\":\" world\"}", null), chunk("{}", "\"stop\""), "[DONE]"));
    List<String> pieces = new ArrayList<>();

    ModelReply reply = model.stream(request(agent(null), List.of(Message.user("hi", NOW))), pieces::add);

    assertThat(reply.withMetering(null)).isEqualTo(new TextReply("Hello world", false));
    assertThat(pieces).containsExactly("Hello", " world");
    assertThat(server.received().get(0).body()).containsEntry("stream", true);
  }

  @Test
  void streaming_joins_a_tool_call_split_across_chunks() {
    server.answer(sse(
        chunk("{\"role\":\"assistant\",\"content\":\"Let me check.\"}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"lookupOrder\",\"arguments\":\"\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"id\\\":\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"42\\\"}\"}}]}", null),
        chunk("{}", "\"tool_calls\""), "[DONE]"));
    List<String> pieces = new ArrayList<>();

    ModelReply reply = model.stream(request(agent(null), List.of(Message.user("order 42?", NOW))), pieces::add);

    assertThat(reply.withMetering(null)).isEqualTo(new ToolCallsReply(List.of(new ToolCall("call_9", "lookupOrder", Map.of("id", "42"), null))));
    assertThat(pieces).containsExactly("Let me check.");
  }

  @Test
  void a_stream_asks_for_usage_and_reads_it_from_the_last_chunk_with_a_tool_call_assembled_from_deltas() {
    server.answer(sse(
        chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_7\",\"type\":\"function\",\"function\":{\"name\":\"lookupOrder\",\"arguments\":\"{\\\"i\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"d\\\":\\\"7\\\"}\"}}]}", null),
        chunk("{}", "\"tool_calls\""),
        "{\"id\":\"c\",\"model\":\"served-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":17,"
            + "\"total_tokens\":137,\"prompt_tokens_details\":{\"cached_tokens\":64}}}",
        "[DONE]"));

    ModelReply reply = model.stream(request(agent(null), List.of(Message.user("order 7?", NOW))), piece -> {});

    assertThat(server.received().get(0).body()).containsEntry("stream_options", Map.of("include_usage", true));
    assertThat(reply).isInstanceOf(ToolCallsReply.class);
    assertThat(((ToolCallsReply) reply).calls()).containsExactly(new ToolCall("call_7", "lookupOrder", Map.of("id", "7"), null));
    assertThat(reply.metering().usage()).isEqualTo(new dev.parley.domain.session.Usage(120, 17, 64));
    assertThat(reply.metering().model()).isEqualTo("served-model");
  }

  @Test
  void a_plain_completion_reports_its_usage_and_model() {
    server.answer(json(200, "{\"model\":\"m-2024\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}],"
        + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}"));

    ModelReply reply = model.complete(request(agent(null), List.of(Message.user("hi", NOW))));

    assertThat(reply.metering()).isEqualTo(new LanguageModel.Metering(null, "m-2024", new dev.parley.domain.session.Usage(9, 2, 0)));
    assertThat(server.received().get(0).body()).doesNotContainKey("stream_options");
  }

  @Test
  void an_agent_base_url_replaces_the_configured_one_and_never_receives_the_key() throws IOException {
    try (FakeChatCompletionsServer other = new FakeChatCompletionsServer()) {
      other.answer(json(200, completion("{\"role\":\"assistant\",\"content\":\"from elsewhere\"}", "stop")));
      ModelSettings settings = new ModelSettings("openai", null, other.baseUrl(), null, null);

      ModelReply reply = model.complete(request(agent(settings), List.of(Message.user("hi", NOW))));

      assertThat(reply.withMetering(null)).isEqualTo(new TextReply("from elsewhere", false));
      assertThat(other.received().get(0).authorization()).isNull();
      assertThat(server.received()).isEmpty();
    }
  }

  @Test
  void a_base_url_refused_by_the_guard_is_never_called() {
    OpenAiLanguageModel guarded = new OpenAiLanguageModel(JsonMapper.createDefault(),
        new OpenAiSettings("https://api.example.com/v1", null, "m", null, null, 0),
        uri -> { throw new IllegalArgumentException("loopback is not allowed"); });
    ModelSettings settings = new ModelSettings("openai", null, server.baseUrl(), null, null);

    assertThatThrownBy(() -> guarded.complete(request(agent(settings), List.of(Message.user("hi", NOW)))))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("loopback is not allowed");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void every_retry_goes_through_the_guard_again_and_stops_when_it_refuses() {
    // DNS rebinding: the host passed the guard for the first attempt, then resolves to an internal address.
    server.answer(json(503, "{\"error\":\"busy\"}"));
    server.answer(json(200, completion("{\"role\":\"assistant\",\"content\":\"should not be fetched\"}", "stop")));
    java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
    OpenAiLanguageModel guarded = new OpenAiLanguageModel(JsonMapper.createDefault(),
        new OpenAiSettings("https://api.example.com/v1", null, "m", Duration.ofSeconds(2), Duration.ofSeconds(5), 2),
        uri -> { if (checks.incrementAndGet() > 1) throw new IllegalArgumentException("host 'h' is not allowed"); });
    ModelSettings settings = new ModelSettings("openai", null, server.baseUrl(), null, null);

    assertThatThrownBy(() -> guarded.complete(request(agent(settings), List.of(Message.user("hi", NOW)))))
        .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("not allowed");
    assertThat(checks.get()).isEqualTo(2);
    assertThat(server.received()).hasSize(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void analysis_asks_for_a_json_object_and_nulls_values_of_the_wrong_type() {
    String answer = "{\\\"summary\\\":\\\"The user asked about order 42.\\\",\\\"email\\\":\\\"ada@example.com\\\","
        + "\\\"order_count\\\":\\\"several\\\",\\\"satisfied\\\":true}";
    server.answer(json(200, completion("{\"role\":\"assistant\",\"content\":\"" + answer + "\"}", "stop")));
    AgentDefinition agent = new AgentDefinition("Bot", "p", null, new ModelSettings("openai", null, null, null, null), null,
        List.of(), null, List.of(new AnalysisField("email", "The user's email", "string"),
            new AnalysisField("order_count", "How many orders", "integer"), new AnalysisField("satisfied", null, "boolean")), null);

    Map<String, Object> analysis = model.analyze(agent, dev.parley.application.port.out.ModelRoute.NONE, List.of(Message.user("where is order 42?", NOW)), "user_end").result();

    assertThat(analysis).containsEntry("summary", "The user asked about order 42.").containsEntry("final_reason", "user_end");
    assertThat((Map<String, Object>) analysis.get("fields")).containsEntry("email", "ada@example.com")
        .containsEntry("order_count", null).containsEntry("satisfied", true);
    assertThat(analysis.get("invalid_fields")).isEqualTo(List.of("order_count"));
    Map<String, Object> body = server.received().get(0).body();
    assertThat(body).containsEntry("response_format", Map.of("type", "json_object"));
    assertThat(body.toString()).contains("order_count").contains("where is order 42?");
  }

  @Test
  @SuppressWarnings("unchecked")
  void an_analysis_wrapped_in_a_code_fence_is_still_read() {
    String answer = "```json\\n{\\\"summary\\\":\\\"Short.\\\",\\\"score\\\":4.0}\\n```";
    server.answer(json(200, completion("{\"role\":\"assistant\",\"content\":\"" + answer + "\"}", "stop")));
    AgentDefinition agent = new AgentDefinition("Bot", "p", null, new ModelSettings("openai", null, null, null, null), null,
        List.of(), null, List.of(new AnalysisField("score", "A score", "integer")), null);

    Map<String, Object> analysis = model.analyze(agent, dev.parley.application.port.out.ModelRoute.NONE, List.of(Message.user("hi", NOW)), "agent_finish").result();

    assertThat(analysis).containsEntry("summary", "Short.").containsEntry("invalid_fields", List.of());
    assertThat((Map<String, Object>) analysis.get("fields")).containsEntry("score", 4L);
  }

  @Test
  void a_failed_analysis_returns_an_error_entry() {
    server.answer(json(200, completion("{\"role\":\"assistant\",\"content\":\"not json at all\"}", "stop")));

    LanguageModel.Analysis analysis = model.analyze(agent(null), dev.parley.application.port.out.ModelRoute.NONE, List.of(Message.user("hi", NOW)), "user_end");

    assertThat(analysis.result()).containsOnlyKeys("error");
    // the unusable answer still used tokens: the call is reported for the usage ledger
    assertThat(analysis.calls()).containsExactly(new LanguageModel.Metering(null, "test-model",
        new dev.parley.domain.session.Usage(10, 5, 0)));
  }

  @Test
  void validate_finds_nothing_to_report() {
    assertThat(model.validate(agent(null))).isEmpty();
  }

  private static AgentDefinition agent(ModelSettings settings) {
    return new AgentDefinition("Support bot", "You help.", null,
        settings == null ? new ModelSettings("openai", null, null, null, null) : settings, null, List.of(LOOKUP_ORDER),
        null, List.of(), null);
  }

  private static ModelRequest request(AgentDefinition agent, List<Message> history) {
    return new ModelRequest(agent, "You help.", history, Map.of());
  }

  private static String completion(String message, String finishReason) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1735725600,\"model\":\"test-model\","
        + "\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":\"" + finishReason + "\"}],"
        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";
  }

  private static String chunk(String delta, String finishReason) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1735725600,\"model\":\"test-model\","
        + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + (finishReason == null ? "null" : finishReason) + "}]}";
  }
}
