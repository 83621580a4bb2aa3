package dev.parley.bootstrap.observability;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.OtlpReceiver;
import dev.parley.bootstrap.support.WebhookReceiver;
import dev.parley.bootstrap.support.WsClient;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Traces end to end: a turn with a tool webhook, an MCP server and a completion webhook, its spans decoded from what a
 * loopback OTLP/HTTP receiver got, the span tree and GenAI attributes checked, and the {@code traceparent} each
 * called service received.
 */
class TracingTest extends ApiTestBase {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "00f067aa0ba902b7";
  private static final String SECRET_WORDS = "my order 7781 for Ada Lovelace";

  private final OtlpReceiver otlp = new OtlpReceiver();
  private final WebhookReceiver systems = new WebhookReceiver();

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.tracing.enabled", true, "parley.tracing.otlp-endpoint", otlp.endpoint(),
        "parley.tracing.export-interval", "100ms", "parley.tracing.service-name", "parley-test");
  }

  @AfterAll
  void stopReceivers() {
    otlp.close();
    systems.close();
  }

  @Test
  void a_turn_is_a_span_tree_with_gen_ai_attributes_and_called_services_get_its_traceparent() {
    Map<String, Object> agent = new HashMap<>();
    agent.put("name", "Traced bot");
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", List.of(
        Map.of("match", "(?i)order", "tool", Map.of("name", "lookupOrder", "arguments", Map.of("id", "7781")),
            "reply", "Status: {{tool.lookupOrder.status}}"),
        Map.of("match", "(?i)catalog", "tool", Map.of("name", "shop__search", "arguments", Map.of("q", "x")), "reply", "ok"),
        Map.of("match", "(?i)bye", "reply", "Bye", "finish", true))));
    agent.put("tools", List.of(Map.of("name", "lookupOrder", "webhook", Map.of("url", systems.url("/tools/lookupOrder")))));
    agent.put("mcp_servers", List.of(Map.of("name", "shop", "url", systems.url("/mcp"))));
    agent.put("completion_webhook", Map.of("url", systems.url("/hooks/done")));
    String agentId = (String) http.post("/api/v1/agents", agent).json().get("id");
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");

    HttpJson.Response turn = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", SECRET_WORDS),
        Map.of("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01"));
    assertThat(asMap(asList(turn.json().get("messages")).get(1))).containsEntry("content", "Status: shipped");

    OtlpReceiver.Received server = awaitSpan(s -> s.kind() == SpanKind.SPAN_KIND_SERVER && TRACE_ID.equals(s.traceId())
        && s.name().startsWith("POST /api/v1/chats/"));
    assertThat(server.parentSpanId()).isEqualTo(CLIENT_SPAN);
    assertThat(server.service()).isEqualTo("parley-test");
    assertThat(server.attributes()).containsEntry("http.request.method", "POST")
        .containsEntry("http.route", "/api/v1/chats/{id}/messages").containsEntry("http.response.status_code", "200");

    OtlpReceiver.Received invoke = awaitSpan(s -> s.name().equals("invoke_agent Traced bot") && TRACE_ID.equals(s.traceId()));
    assertThat(invoke.parentSpanId()).isEqualTo(server.spanId());
    assertThat(invoke.attributes()).containsEntry("gen_ai.operation.name", "invoke_agent")
        .containsEntry("gen_ai.agent.name", "Traced bot").containsEntry("gen_ai.agent.id", agentId)
        .containsEntry("gen_ai.conversation.id", chat);

    List<OtlpReceiver.Received> chats = awaitSpans(s -> s.name().startsWith("chat ") && invoke.spanId().equals(s.parentSpanId()), 2);
    assertThat(chats).allSatisfy(c -> assertThat(c.attributes()).containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.provider.name", "parley.scripted").containsKey("gen_ai.request.model"));
    assertThat(chats).extracting(c -> c.attributes().get("gen_ai.response.finish_reasons")).contains("tool_calls", "stop");
    assertThat(chats).allSatisfy(c -> assertThat(c.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT));

    OtlpReceiver.Received tool = awaitSpan(s -> s.name().equals("execute_tool lookupOrder"));
    assertThat(tool.parentSpanId()).isEqualTo(invoke.spanId());
    assertThat(tool.attributes()).containsEntry("gen_ai.operation.name", "execute_tool")
        .containsEntry("gen_ai.tool.name", "lookupOrder").containsEntry("gen_ai.conversation.id", chat);
    String toolTraceparent = systems.requestsTo("/tools/lookupOrder").get(0).header("traceparent");
    assertThat(toolTraceparent).isEqualTo("00-" + TRACE_ID + "-" + tool.spanId() + "-01");

    // MCP: the server (here a recorder, so the session fails) gets the traceparent of the span that asks it.
    http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "catalog"));
    OtlpReceiver.Received mcp = awaitSpan(s -> s.name().equals("tools/list shop"));
    assertThat(mcp.attributes()).containsEntry("mcp.method.name", "tools/list").containsEntry("error.type", "McpUnavailableException");
    assertThat(mcp.statusCode()).isEqualTo(2); // STATUS_CODE_ERROR
    assertThat(systems.requestsTo("/mcp").get(0).header("traceparent"))
        .isEqualTo("00-" + mcp.traceId() + "-" + mcp.spanId() + "-01");

    // The completion webhook: its delivery span's traceparent.
    http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "bye"));
    await().atMost(Duration.ofSeconds(20)).until(() -> !systems.requestsTo("/hooks/done").isEmpty());
    OtlpReceiver.Received delivery = awaitSpan(s -> s.name().equals("POST webhook"));
    assertThat(systems.requestsTo("/hooks/done").get(0).header("traceparent"))
        .isEqualTo("00-" + delivery.traceId() + "-" + delivery.spanId() + "-01");
    assertThat(delivery.attributes()).containsEntry("http.response.status_code", "200");

    // Content capture is off: no message text in any span.
    assertThat(otlp.spans()).allSatisfy(s -> assertThat(s.attributes().values()).noneMatch(v -> v.contains("7781"))
        .noneMatch(v -> v.contains("Ada")));
    assertThat(otlp.spans()).allSatisfy(s -> assertThat(s.attributes()).doesNotContainKeys(
        "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.tool.call.arguments", "gen_ai.tool.call.result"));
    assertThat(otlp.contentTypes()).allMatch(t -> t.startsWith("application/x-protobuf"));
  }

  @Test
  void a_socket_message_is_a_server_span_and_the_turn_it_starts_hangs_under_it() {
    Map<String, Object> agent = Map.of("name", "Socket bot", "model", Map.of("provider", "scripted"),
        "script", Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}"));
    String agentId = (String) http.post("/api/v1/agents", agent).json().get("id");
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agentId, "user_id", "sock-user")).json().get("id");
    try (WsClient ws = WsClient.connectTo(server.getURI(), "/ws/chat",
        Map.of("X-API-Key", apiKey, "X-User-ID", "sock-user", "X-Chat-ID", chat))) {
      ws.await(m -> "connection_established".equals(m.get("event_type")), "connection_established");
      ws.send(Map.of("content", "hi there"));
      ws.await(m -> "message_stream_ended".equals(m.get("event_type")), "message_stream_ended");
    }
    OtlpReceiver.Received message = awaitSpan(s -> s.name().equals("WS /ws/chat"));
    assertThat(message.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
    OtlpReceiver.Received turn = awaitSpan(s -> s.name().equals("invoke_agent Socket bot"));
    assertThat(turn.traceId()).isEqualTo(message.traceId());
    assertThat(turn.parentSpanId()).isEqualTo(message.spanId());
    assertThat(turn.attributes()).containsEntry("gen_ai.conversation.id", chat).containsKey("parley.channel");
  }

  private OtlpReceiver.Received awaitSpan(Predicate<OtlpReceiver.Received> match) {
    return awaitSpans(match, 1).get(0);
  }

  private List<OtlpReceiver.Received> awaitSpans(Predicate<OtlpReceiver.Received> match, int count) {
    await().atMost(Duration.ofSeconds(20)).until(() -> otlp.spans().stream().filter(match).count() >= count);
    return otlp.spans().stream().filter(match).toList();
  }
}
