package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.ExternalTools;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.SseContract;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/ai-sdk/chat with the real AI SDK ({@code ai} from npm, bootstrap/src/test/ai-sdk, installed by
 * .ci/run): text, a continued conversation, a stranger with the same token and id refused, a webhook tool, a client
 * tool round trip, tool approval (approved and denied) and a stop that cancels the turn. The tools and the slow model
 * are loopback servers of this test.
 */
class AiSdkChatTest extends ApiTestBase {
  private static final Path HOME = Path.of("src/test/ai-sdk");
  private HttpServer stubs;
  private final AtomicInteger abortedStreams = new AtomicInteger();
  private final AtomicInteger refunds = new AtomicInteger();
  private String agentId;

  @BeforeAll
  void startStubs() throws IOException {
    stubs = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stubs.setExecutor(Executors.newCachedThreadPool());
    stubs.createContext("/tools/weather", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "{\"forecast\": \"sunny\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    stubs.createContext("/tools/refund", exchange -> { // requires approval: counts the calls that really ran
      exchange.getRequestBody().readAllBytes();
      refunds.incrementAndGet();
      byte[] body = "{\"status\": \"refunded\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    stubs.createContext("/v1/chat/completions", exchange -> { // a model that streams "w0 w1 ..." slowly
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 60; i++) {
          out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w" + i + " \"}}]}\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(100);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        abortedStreams.incrementAndGet(); // the server closed the model's stream: the turn stopped
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    stubs.start();
    agentId = createAgent();
  }

  @AfterAll
  void stopStubs() {
    if (stubs != null) stubs.stop(0);
  }

  private String stubUrl(String path) {
    return "http://127.0.0.1:" + stubs.getAddress().getPort() + path;
  }

  private String createAgent() {
    Map<String, Object> agent = Map.of("name", "AI SDK agent", "model", Map.of("provider", "scripted"),
        "script", Map.of("rules", List.of(
            Map.of("match", "(?i)weather", "tool", Map.of("name", "weather", "arguments", Map.of("city", "Porto")),
                "reply", "Weather: {{tool.weather.forecast}}"),
            Map.of("match", "(?i)where am i", "tool", Map.of("name", "getLocation", "arguments", Map.of()),
                "reply", "You are in {{tool.getLocation.city}}"),
            Map.of("match", "(?i)refund", "tool", Map.of("name", "refund", "arguments", Map.of("order", "A-17")),
                "reply", "Refund: {{tool.refund.status}}{{tool.refund.error}} {{tool.refund.reason}}")),
            "fallback", "You said: {{last_user_message}}"),
        "tools", List.of(
            Map.of("name", "weather", "description", "The forecast", "parameters", Map.of("type", "object"),
                "webhook", Map.of("url", stubUrl("/tools/weather"), "timeout_ms", 5000)),
            Map.of("name", "getLocation", "description", "Runs in the browser", "parameters", Map.of("type", "object")),
            Map.of("name", "refund", "description", "Refunds an order", "parameters", Map.of("type", "object"),
                "requires_approval", true, "webhook", Map.of("url", stubUrl("/tools/refund"), "timeout_ms", 5000))));
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  private String slowAgent() {
    HttpJson.Response created = http.post("/api/v1/agents", Map.of("name", "Slow streamer",
        "model", Map.of("provider", "openai", "model", "stub", "base_url", stubUrl("/v1"))));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  private List<String> transcript(String chatId) {
    return asList(http.get("/api/v1/chats/" + chatId).json().get("messages")).stream().map(HttpJson::asMap)
        .map(m -> m.get("role") + ":" + m.get("content") + (Boolean.TRUE.equals(m.get("interrupted")) ? " [interrupted]" : ""))
        .toList();
  }

  @Test
  void the_ai_sdk_talks_to_an_agent_text_tools_client_tools_stop_and_a_stranger_refused() throws Exception {
    ExternalTools.require(ExternalTools.runs("node", "--version"), "node is not installed");
    ExternalTools.require(Files.isDirectory(HOME.resolve("node_modules/ai")), "npm ci --prefix bootstrap/src/test/ai-sdk was not run");
    HttpJson.Response integration = http.post("/api/v1/agents/" + agentId + "/web-integrations", Map.of());
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    String config = HttpJson.write(Map.of("api", server.getURI().resolve("/api/v1/ai-sdk/chat").toString(),
        "token", integration.json().get("token"), "apiKey", apiKey, "slowAgentId", slowAgent(), "agentId", agentId));
    Path log = Files.createTempFile("ai-sdk", ".log");
    Process node = new ProcessBuilder("node", HOME.resolve("chat-test.mjs").toAbsolutePath().toString(), config)
        .directory(HOME.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("the node script finished").isTrue();
    String output = Files.readString(log);
    assertThat(node.exitValue()).as(output).isZero();
    Map<String, Object> seen = asMap(HttpJson.parse(output.strip().lines().reduce((a, b) -> b).orElseThrow()));

    Map<String, Object> text = asMap(seen.get("text"));
    assertThat(text).containsEntry("reply", "You said: hello there").containsEntry("secret", true).containsEntry("protocol", "v1");
    Map<String, Object> continued = asMap(seen.get("continued"));
    assertThat(continued).containsEntry("reply", "You said: and once more").containsEntry("chatId", text.get("chatId"))
        .containsEntry("newSecret", false);
    assertThat(transcript((String) text.get("chatId"))).as("the history is Parley's chat")
        .containsSubsequence("user:hello there", "assistant:You said: hello there", "user:and once more",
            "assistant:You said: and once more");
    assertThat(asMap(seen.get("stranger"))).containsEntry("noSecret", "403").containsEntry("wrongSecret", "403");
    assertThat(transcript((String) text.get("chatId"))).noneMatch(m -> m.contains("let me in"));

    assertThat(asMap(seen.get("tool"))).containsEntry("state", "output-available")
        .containsEntry("output", Map.of("forecast", "sunny")).containsEntry("reply", "Weather: sunny");
    Map<String, Object> clientTool = asMap(seen.get("clientTool"));
    assertThat(clientTool).containsEntry("pendingState", "input-available").containsEntry("finalState", "output-available")
        .containsEntry("reply", "You are in Lisbon");
    assertThat(transcript((String) clientTool.get("chatId"))).containsSubsequence("user:where am I?", "assistant:You are in Lisbon");

    Map<String, Object> approve = asMap(seen.get("approve"));
    assertThat(approve).containsEntry("requestedState", "approval-requested").containsEntry("input", Map.of("order", "A-17"))
        .containsEntry("sendsAutomatically", true).containsEntry("finalState", "output-available")
        .containsEntry("output", Map.of("status", "refunded"));
    assertThat((String) approve.get("reply")).startsWith("Refund: refunded");
    assertThat((String) approve.get("stranger")).as("only the chat's owner decides").contains("403", "chat_not_yours");
    assertThat((String) approve.get("again")).as("a second answer to a decided approval").contains("409", "approval_decided");
    Map<String, Object> pending = asMap(http.get("/api/v1/chats/" + approve.get("chatId")).json());
    assertThat(pending.get("pending_approval")).as("decided: nothing pending").isNull();
    Map<String, Object> deny = asMap(seen.get("deny"));
    assertThat(deny).containsEntry("requestedState", "approval-requested").containsEntry("finalState", "output-denied");
    assertThat((String) deny.get("reply")).isEqualTo("Refund: the call was denied by a person over the refund limit");
    assertThat((String) deny.get("again")).contains("409", "approval_decided");
    assertThat(refunds.get()).as("the approved call ran once, the denied one never").isEqualTo(1);

    Map<String, Object> stop = asMap(seen.get("stop"));
    assertThat(stop).containsEntry("aborted", true);
    String stopped = (String) stop.get("chatId");
    await().atMost(Duration.ofSeconds(10)).until(() -> transcript(stopped).size() == 2);
    assertThat(transcript(stopped).get(1)).as("the turn stopped: what it said is kept, marked interrupted")
        .startsWith("assistant:w0 ").endsWith("[interrupted]").doesNotContain("w59");
    assertThat(abortedStreams.get()).as("the model's stream was aborted").isPositive();
  }

  /** The list without consecutive repeats (a reply streams in several text-delta parts). */
  private static List<String> collapsed(List<String> items) {
    List<String> out = new java.util.ArrayList<>();
    for (String item : items) if (out.isEmpty() || !out.get(out.size() - 1).equals(item)) out.add(item);
    return out;
  }

  @Test
  void an_api_key_names_the_chat_by_id_and_the_stream_follows_the_contract() {
    Map<String, Object> body = Map.of("id", "server-chat-1", "trigger", "submit-message", "agent_id", agentId,
        "messages", List.of(Map.of("id", "m1", "role", "user", "parts", List.of(Map.of("type", "text", "text", "hi")))));
    HttpJson.Response first = http.post("/api/v1/ai-sdk/chat", body, Map.of("Accept", "text/event-stream"));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.header("x-vercel-ai-ui-message-stream")).isEqualTo("v1");
    List<String> types = SseContract.parse(first.body()).stream().map(SseContract.Event::data)
        .map(d -> d.equals("[DONE]") ? d : (String) asMap(HttpJson.parse(d)).get("type"))
        .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), AiSdkChatTest::collapsed));
    assertThat(types).containsExactly("start", "data-parley-session", "start-step", "text-start", "text-delta", "text-end", "finish-step", "finish", "[DONE]");
    HttpJson.Response again = http.post("/api/v1/ai-sdk/chat", Map.of("id", "server-chat-1",
        "messages", List.of(Map.of("id", "m2", "role", "user", "parts", List.of(Map.of("type", "text", "text", "again"))))),
        Map.of("Accept", "text/event-stream"));
    assertThat(again.header("x-parley-chat-id")).isEqualTo(first.header("x-parley-chat-id"));
    assertThat(first.header("x-parley-chat-secret")).as("servers need no secret").isNull();
    assertThat(transcript(first.header("x-parley-chat-id"))).containsSubsequence("user:hi", "user:again");
    HttpJson.Response regenerated = http.post("/api/v1/ai-sdk/chat", Map.of("id", "server-chat-1", "trigger", "regenerate-message",
        "messageId", "a2", "messages", List.of(Map.of("id", "m2", "role", "user", "parts", List.of(Map.of("type", "text", "text", "again"))))),
        Map.of("Accept", "text/event-stream"));
    assertThat(regenerated.status()).as(regenerated.body()).isEqualTo(200);
    assertThat(transcript(first.header("x-parley-chat-id"))).as("regenerate sends the last user message again as a new turn")
        .containsSubsequence("user:again", "assistant:You said: again", "user:again", "assistant:You said: again");
    HttpJson.Response badTrigger = http.unvalidatedRequest().post("/api/v1/ai-sdk/chat", Map.of("id", "server-chat-1", "trigger", "resume",
        "messages", List.of(Map.of("id", "m5", "role", "user", "parts", List.of(Map.of("type", "text", "text", "x"))))));
    assertThat(badTrigger.status()).isEqualTo(400);
    assertThat(badTrigger.json()).containsEntry("field", "/trigger");

    HttpJson.Response noText = http.post("/api/v1/ai-sdk/chat", Map.of("id", "server-chat-1",
        "messages", List.of(Map.of("id", "m3", "role", "user", "parts", List.of(Map.of("type", "file"))))));
    assertThat(noText.status()).isEqualTo(400);
    assertThat(noText.json()).containsEntry("field", "/messages/0/parts");
    HttpJson.Response noPending = http.post("/api/v1/ai-sdk/chat", Map.of("id", "server-chat-1",
        "messages", List.of(Map.of("id", "m4", "role", "assistant", "parts", List.of(Map.of("type", "tool-getLocation",
            "toolCallId", "call_x", "state", "output-available", "output", Map.of("city", "Oslo")))))));
    assertThat(noPending.status()).as(noPending.body()).isEqualTo(409);
    assertThat(noPending.json()).containsEntry("code", "no_pending_client_tool");
  }

  private List<Map<String, Object>> chunks(HttpJson.Response response) {
    return SseContract.parse(response.body()).stream().map(SseContract.Event::data).filter(d -> !d.equals("[DONE]"))
        .map(d -> asMap(HttpJson.parse(d))).toList();
  }

  @Test
  void an_approval_request_and_its_denial_follow_the_contract() {
    Map<String, Object> ask = Map.of("id", "u1", "role", "user", "parts", List.of(Map.of("type", "text", "text", "refund please")));
    HttpJson.Response asked = http.post("/api/v1/ai-sdk/chat", Map.of("id", "approval-raw", "agent_id", agentId,
        "messages", List.of(ask)), Map.of("Accept", "text/event-stream"));
    assertThat(asked.status()).as(asked.body()).isEqualTo(200);
    List<Map<String, Object>> parts = chunks(asked);
    assertThat(parts).extracting(p -> p.get("type")).containsSubsequence("tool-input-start", "tool-input-available",
        "tool-approval-request", "finish-step", "finish");
    Map<String, Object> request = parts.stream().filter(p -> "tool-approval-request".equals(p.get("type"))).findFirst().orElseThrow();
    String chatId = asked.header("x-parley-chat-id");
    Map<String, Object> pending = asMap(http.get("/api/v1/chats/" + chatId).json().get("pending_approval"));
    assertThat(request).containsEntry("approvalId", pending.get("id"));
    String callId = (String) request.get("toolCallId");

    java.util.function.Function<String, Map<String, Object>> answer = approvalId -> Map.of("id", "approval-raw", "messages",
        List.of(ask, Map.of("id", "a1", "role", "assistant", "parts", List.of(Map.of("type", "step-start"),
            Map.of("type", "tool-refund", "toolCallId", callId, "state", "approval-responded", "input", Map.of("order", "A-17"),
                "approval", Map.of("id", approvalId, "approved", false, "reason", "not today"))))));
    HttpJson.Response unknown = http.post("/api/v1/ai-sdk/chat", answer.apply(UUID.randomUUID().toString()));
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
    HttpJson.Response notUuid = http.unvalidatedRequest().post("/api/v1/ai-sdk/chat", answer.apply("nope"));
    assertThat(notUuid.status()).isEqualTo(400);
    assertThat(notUuid.json()).containsEntry("field", "/messages/1/parts/1/approval/id");

    HttpJson.Response denied = http.post("/api/v1/ai-sdk/chat", answer.apply((String) pending.get("id")), Map.of("Accept", "text/event-stream"));
    assertThat(denied.status()).as(denied.body()).isEqualTo(200);
    List<Map<String, Object>> resumed = chunks(denied);
    assertThat(resumed.get(0)).containsEntry("type", "start").containsEntry("messageId", "a1");
    assertThat(resumed).extracting(p -> p.get("type")).doesNotContain("tool-input-start", "tool-output-available")
        .containsSubsequence("tool-output-denied", "text-delta", "finish");
    assertThat(resumed).filteredOn(p -> "tool-output-denied".equals(p.get("type"))).singleElement()
        .satisfies(p -> assertThat(p).containsEntry("toolCallId", callId));
    HttpJson.Response again = http.post("/api/v1/ai-sdk/chat", answer.apply((String) pending.get("id")));
    assertThat(again.status()).as(again.body()).isEqualTo(409);
    assertThat(again.json()).containsEntry("code", "approval_decided");
    assertThat(transcript(chatId)).last().isEqualTo("assistant:Refund: the call was denied by a person not today");
  }

  @Test
  // Origins on localhost: Micronaut refuses other origins to a server reached as localhost (drive-by-localhost guard).
  void browsers_follow_the_web_integrations_allowed_origins() throws Exception {
    HttpJson.Response integration = http.post("/api/v1/agents/" + agentId + "/web-integrations",
        Map.of("allowed_origins", List.of("http://localhost:3000")));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    String token = (String) integration.json().get("token");
    java.net.http.HttpResponse<String> preflight = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/api/v1/ai-sdk/chat"))
            .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:3000")
            .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "authorization, content-type").build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).as(preflight.body() + preflight.headers().map()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("authorization", "x-parley-chat-secret");

    HttpJson browser = new HttpJson(server.getURI(), null);
    Map<String, Object> body = Map.of("id", "cors-chat", "messages",
        List.of(Map.of("id", "c1", "role", "user", "parts", List.of(Map.of("type", "text", "text", "hi")))));
    HttpJson.Response elsewhere = browser.post("/api/v1/ai-sdk/chat", body,
        Map.of("Authorization", "Bearer " + token, "Origin", "http://localhost:4000"));
    assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(403);
    assertThat(elsewhere.json()).containsEntry("code", "origin_not_allowed");
    assertThat(elsewhere.header("Access-Control-Allow-Origin")).isNull();
    HttpJson.Response allowed = browser.post("/api/v1/ai-sdk/chat", body,
        Map.of("Authorization", "Bearer " + token, "Origin", "http://localhost:3000", "Accept", "text/event-stream"));
    assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
    assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
    assertThat(allowed.header("Access-Control-Expose-Headers")).contains("x-parley-chat-secret");
    HttpJson.Response noToken = browser.post("/api/v1/ai-sdk/chat", body, Map.of("Origin", "http://localhost:3000"));
    assertThat(noToken.status()).isEqualTo(401);
  }
}
