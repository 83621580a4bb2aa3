package dev.parley.adapter.out.llm;

import static dev.parley.adapter.out.llm.FakeMessagesServer.Canned.json;
import static dev.parley.adapter.out.llm.FakeMessagesServer.Canned.sse;
import static dev.parley.adapter.out.llm.FakeMessagesServer.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.application.port.out.LanguageModel.ModelReply;
import dev.parley.application.port.out.LanguageModel.ModelRequest;
import dev.parley.application.port.out.LanguageModel.ModelUnavailableException;
import dev.parley.application.port.out.LanguageModel.TextReply;
import dev.parley.application.port.out.LanguageModel.ToolCallsReply;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import dev.parley.domain.session.Usage;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Messages API adapter against a loopback server speaking that wire format (JSON and SSE). */
class AnthropicLanguageModelTest {
  private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");
  private static final String API_KEY = "sk-ant-test-secret";
  private static final ToolDefinition LOOKUP_ORDER = new ToolDefinition("lookupOrder", "Find an order",
      Map.of("type", "object", "properties", Map.of("id", Map.of("type", "string"))), null);

  private final FakeMessagesServer server = new FakeMessagesServer();
  private final List<URI> vetted = new ArrayList<>();
  private final AnthropicLanguageModel model = new AnthropicLanguageModel(JsonMapper.createDefault(),
      new OpenAiSettings(server.baseUrl(), API_KEY, "claude-test", Duration.ofSeconds(2), Duration.ofSeconds(5), 2,
          Map.of("anthropic-beta", "tools-2024")), vetted::add);

  AnthropicLanguageModelTest() throws IOException {}

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void a_text_answer_carries_its_usage_and_model_and_the_request_has_the_messages_shape() {
    server.answer(json(200, message("[{\"type\":\"text\",\"text\":\"Hello! How can I help?\"}]", "end_turn",
        "{\"input_tokens\":12,\"output_tokens\":6,\"cache_read_input_tokens\":30,\"cache_creation_input_tokens\":0}")));

    ModelReply reply = model.complete(request(agent(new ModelSettings("openai", null, null, 0.3, null)),
        List.of(Message.user("hi", NOW))));

    assertThat(reply).isInstanceOf(TextReply.class);
    assertThat(((TextReply) reply).content()).isEqualTo("Hello! How can I help?");
    assertThat(reply.metering().model()).isEqualTo("claude-3-5-haiku-20241022");
    assertThat(reply.metering().usage()).isEqualTo(new Usage(42, 6, 30)); // cached reads are part of the input
    FakeMessagesServer.Received received = server.received().get(0);
    assertThat(received.path()).isEqualTo("/v1/messages");
    assertThat(received.apiKey()).isEqualTo(API_KEY);
    assertThat(received.version()).isEqualTo("2023-06-01");
    assertThat(received.authorization()).isNull();
    assertThat(received.body()).containsEntry("model", "claude-test").containsEntry("system", "You help.")
        .containsEntry("max_tokens", MessagesRequests.DEFAULT_MAX_TOKENS).containsEntry("temperature", 0.3)
        .doesNotContainKey("stream");
    assertThat(received.body().get("messages"))
        .isEqualTo(List.of(Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "hi")))));
    assertThat(received.body().get("tools").toString()).contains("name=lookupOrder").contains("input_schema=")
        .contains("name=finishTheConversation").doesNotContain("function");
    assertThat(vetted).hasSize(1);
  }

  @Test
  void a_tool_call_round_trip_sends_tool_use_and_tool_result_blocks_back() {
    server.answer(json(200, message("[{\"type\":\"text\",\"text\":\"Let me look.\"},"
        + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"lookupOrder\",\"input\":{\"id\":\"42\"}}]", "tool_use",
        "{\"input_tokens\":20,\"output_tokens\":9}")),
        json(200, message("[{\"type\":\"text\",\"text\":\"It ships today.\"}]", "end_turn",
        "{\"input_tokens\":40,\"output_tokens\":5}")));

    ModelReply first = model.complete(request(agent(null), List.of(Message.user("where is order 42?", NOW))));

    assertThat(first.withMetering(null))
        .isEqualTo(new ToolCallsReply(List.of(new ToolCall("toolu_01", "lookupOrder", Map.of("id", "42"), null))));

    List<Message> history = List.of(Message.user("where is order 42?", NOW),
        Message.toolTurn(List.of(new ToolCall("toolu_01", "lookupOrder", Map.of("id", "42"), Map.of("status", "shipping"))), NOW),
        new Message(dev.parley.domain.session.Role.SYSTEM, "Be quick.", List.of(), NOW));
    ModelReply second = model.complete(request(agent(new ModelSettings("openai", "claude-big", null, null, 300)), history));

    assertThat(((TextReply) second).content()).isEqualTo("It ships today.");
    Map<String, Object> body = server.received().get(1).body(); // the stub refused it if the roles did not alternate
    assertThat(body).containsEntry("model", "claude-big").containsEntry("max_tokens", 300)
        .containsEntry("system", "You help.\n\nBe quick.");
    assertThat(body.get("messages")).isEqualTo(List.of(
        Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "where is order 42?"))),
        Map.of("role", "assistant", "content", List.of(
            Map.of("type", "tool_use", "id", "toolu_01", "name", "lookupOrder", "input", Map.of("id", "42")))),
        Map.of("role", "user", "content", List.of(
            Map.of("type", "tool_result", "tool_use_id", "toolu_01", "content", "{\"status\":\"shipping\"}")))));
  }

  @Test
  void a_history_opening_with_the_greeting_and_an_operator_still_alternates_starting_with_the_user() {
    server.answer(json(200, message("[{\"type\":\"text\",\"text\":\"Sure.\"}]", "end_turn", "{\"input_tokens\":1,\"output_tokens\":1}")));
    List<Message> history = List.of(Message.assistant("Hi, I am the bot.", NOW), Message.user("hello", NOW),
        Message.operator("A person here.", new Message.Author("op-1", "Ada"), NOW).asSeenByAgent(),
        Message.assistant("And the bot again.", NOW), Message.user("thanks", NOW));

    ModelReply reply = model.complete(request(agent(null), history)); // the stub refuses roles that do not alternate

    assertThat(((TextReply) reply).content()).isEqualTo("Sure.");
    assertThat(server.received().get(0).body().get("messages")).isEqualTo(List.of(
        Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", MessagesRequests.OPENING))),
        Map.of("role", "assistant", "content", List.of(Map.of("type", "text", "text", "Hi, I am the bot."))),
        Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "hello"))),
        Map.of("role", "assistant", "content", List.of(Map.of("type", "text", "text", "A person here."),
            Map.of("type", "text", "text", "And the bot again."))),
        Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "thanks")))));
  }

  @Test
  void a_streamed_text_reaches_the_sink_piece_by_piece_with_its_usage() {
    server.answer(sse(
        event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-stream\",\"content\":[],\"usage\":{\"input_tokens\":25,\"output_tokens\":1,\"cache_read_input_tokens\":5}}}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
        event("ping", "{\"type\":\"ping\"}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo there\"}}"),
        event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":7}}"),
        event("message_stop", "{\"type\":\"message_stop\"}")));
    List<String> pieces = new ArrayList<>();

    ModelReply reply = model.stream(request(agent(null), List.of(Message.user("hi", NOW))), pieces::add);

    assertThat(pieces).containsExactly("Hel", "lo there");
    assertThat(((TextReply) reply).content()).isEqualTo("Hello there");
    assertThat(reply.metering().model()).isEqualTo("claude-stream");
    assertThat(reply.metering().usage()).isEqualTo(new Usage(30, 7, 5));
    assertThat(server.received().get(0).body()).containsEntry("stream", true);
  }

  @Test
  void a_streamed_tool_call_is_assembled_from_its_input_json_deltas() {
    server.answer(sse(
        event("message_start", "{\"type\":\"message_start\",\"message\":{\"model\":\"claude-stream\",\"usage\":{\"input_tokens\":50,\"output_tokens\":1}}}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking.\"}}"),
        event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"lookupOrder\",\"input\":{}}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"id\\\": \\\"4\"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"2\\\"}\"}}"),
        event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
        event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":33}}"),
        event("message_stop", "{\"type\":\"message_stop\"}")));
    List<String> pieces = new ArrayList<>();

    ModelReply reply = model.stream(request(agent(null), List.of(Message.user("order 42?", NOW))), pieces::add);

    assertThat(pieces).containsExactly("Checking.");
    assertThat(reply.withMetering(null))
        .isEqualTo(new ToolCallsReply(List.of(new ToolCall("toolu_9", "lookupOrder", Map.of("id", "42"), null))));
    assertThat(reply.metering().usage()).isEqualTo(new Usage(50, 33, 0));
  }

  @Test
  void an_error_status_becomes_model_unavailable_without_the_key_and_overload_is_retried() {
    server.answer(json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));

    assertThatThrownBy(() -> model.complete(request(agent(null), List.of(Message.user("hi", NOW)))))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("HTTP 529").hasMessageContaining("after 3 attempt(s)").hasMessageContaining("Overloaded")
        .hasMessageNotContaining(API_KEY);
    assertThat(server.received()).hasSize(3);
    assertThat(vetted).hasSize(3); // the outbound policy runs before every attempt
  }

  @Test
  void a_refused_request_is_not_retried_and_names_the_providers_reason() {
    server.answer(json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}"));

    assertThatThrownBy(() -> model.complete(request(agent(null), List.of(Message.user("hi", NOW)))))
        .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("HTTP 401").hasMessageContaining("invalid x-api-key");
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void a_stream_that_reports_an_error_event_or_stops_short_fails() {
    server.answer(sse(event("message_start", "{\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"usage\":{\"input_tokens\":1}}}"),
        event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")),
        sse(event("message_start", "{\"type\":\"message_start\",\"message\":{\"model\":\"m\"}}")));
    assertThatThrownBy(() -> model.stream(request(agent(null), List.of(Message.user("hi", NOW))), piece -> {}))
        .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("Overloaded");

    assertThatThrownBy(() -> model.stream(request(agent(null), List.of(Message.user("hi", NOW))), p -> {}))
        .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("message_stop");
  }

  @Test
  void a_refusing_outbound_policy_stops_the_call_before_anything_is_sent() {
    AnthropicLanguageModel guarded = new AnthropicLanguageModel(JsonMapper.createDefault(),
        new OpenAiSettings(server.baseUrl(), API_KEY, "m", Duration.ofSeconds(2), Duration.ofSeconds(5), 0),
        uri -> { throw new IllegalArgumentException("private address"); });

    assertThatThrownBy(() -> guarded.complete(request(agent(null), List.of(Message.user("hi", NOW)))))
        .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("private address");
    assertThat(server.received()).isEmpty();
  }

  private static AgentDefinition agent(ModelSettings settings) {
    return new AgentDefinition("Support bot", "You help.", null,
        settings == null ? new ModelSettings("openai", null, null, null, null) : settings, null, List.of(LOOKUP_ORDER),
        null, List.of(), null);
  }

  private static ModelRequest request(AgentDefinition agent, List<Message> history) {
    return new ModelRequest(agent, "You help.", history, Map.of());
  }

  private static String message(String content, String stopReason, String usage) {
    return "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-haiku-20241022\","
        + "\"content\":" + content + ",\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null,\"usage\":" + usage + "}";
  }
}
