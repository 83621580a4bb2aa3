package dev.parley.adapter.out.webhooks;

import static dev.parley.adapter.out.webhooks.LoopbackServer.respond;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.port.out.ToolExecutor.ToolContext;
import dev.parley.domain.agent.ToolDefinition;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpToolExecutorTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final ToolContext CONTEXT = new ToolContext(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

  private final LoopbackServer server = newServer();
  private final HttpToolExecutor executor = new HttpToolExecutor(JSON, new OutboundAddressPolicy(true, false, List.of()), 1024);

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void postsTheDocumentedBodyAndHeadersAndAnswersTheParsedJson() throws IOException {
    server.on("/tools/lookupOrder", ex -> respond(ex, 200, "application/json", "{\"status\":\"shipped\",\"items\":[1,2]}".getBytes(UTF_8)));

    Object result = executor.execute(tool("lookupOrder", "/tools/lookupOrder", 2000), Map.of("id", "42"), CONTEXT);

    assertThat(result).isEqualTo(Map.of("status", "shipped", "items", List.of(1, 2)));
    LoopbackServer.Received request = server.received.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("User-Agent")).isEqualTo("Parley");
    assertThat(request.header("Parley-Tool")).isEqualTo("lookupOrder");
    Map<String, Object> body = JSON.readValue(request.body(), Argument.mapOf(String.class, Object.class));
    assertThat(body).containsExactlyInAnyOrderEntriesOf(Map.of("tool", "lookupOrder", "arguments", Map.of("id", "42"),
        "chat_id", CONTEXT.chatId().toString(), "call_id", CONTEXT.callId().toString(), "agent_id", CONTEXT.agentId().toString()));
  }

  @Test
  void aCallWithoutChatOrCallIdStillPostsEveryDocumentedKey() throws IOException {
    server.on("/tools/lookupOrder", ex -> respond(ex, 200, "application/json", "[\"a\",true,null]".getBytes(UTF_8)));
    ToolContext stateless = new ToolContext(UUID.randomUUID(), null, null, CONTEXT.agentId());

    Object result = executor.execute(tool("lookupOrder", "/tools/lookupOrder", 2000), null, stateless);

    assertThat(result).isEqualTo(Arrays.asList("a", true, null));
    Map<String, Object> body = JSON.readValue(server.received.get(0).body(), Argument.mapOf(String.class, Object.class));
    assertThat(body).containsOnlyKeys("tool", "arguments", "chat_id", "call_id", "agent_id")
        .containsEntry("chat_id", null).containsEntry("arguments", Map.of());
  }

  @Test
  void answersANonJsonBodyAsText() {
    server.on("/tools/echo", ex -> respond(ex, 200, "text/plain", "all good".getBytes(UTF_8)));

    assertThat(executor.execute(tool("echo", "/tools/echo", 2000), Map.of(), CONTEXT)).isEqualTo("all good");
  }

  @Test
  void aSlowToolGivesAnErrorResultAsSoonAsItsTimeoutPasses() {
    server.on("/tools/slow", ex -> {
      Thread.sleep(5_000);
      respond(ex, 200, "application/json", "{}".getBytes(UTF_8));
    });

    long started = System.nanoTime();
    Object result = executor.execute(tool("slow", "/tools/slow", 300), Map.of(), CONTEXT);

    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
    assertThat(error(result)).contains("slow").contains("300 ms");
  }

  @Test
  void aServerErrorGivesAnErrorResultNamingTheStatus() {
    server.on("/tools/broken", ex -> respond(ex, 500, "application/json", "{\"oops\":true}".getBytes(UTF_8)));

    assertThat(error(executor.execute(tool("broken", "/tools/broken", 2000), Map.of(), CONTEXT))).contains("HTTP 500");
  }

  @Test
  void aDeclaredOversizedBodyGivesAnErrorResult() {
    server.on("/tools/big", ex -> respond(ex, 200, "application/json", new byte[4096]));

    assertThat(error(executor.execute(tool("big", "/tools/big", 2000), Map.of(), CONTEXT))).contains("exceeds 1024 bytes");
  }

  @Test
  void anEndlessStreamedBodyIsCutOffPastTheLimit() {
    server.on("/tools/endless", ex -> {
      ex.sendResponseHeaders(200, 0); // chunked: no declared length
      OutputStream out = ex.getResponseBody();
      byte[] chunk = new byte[512];
      for (int i = 0; i < 200_000; i++) { out.write(chunk); out.flush(); } // stops when the client hangs up
    });

    long started = System.nanoTime();
    Object result = executor.execute(tool("endless", "/tools/endless", 10_000), Map.of(), CONTEXT);

    assertThat(error(result)).contains("exceeds 1024 bytes");
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void theDefaultLimitIs256KiB() {
    HttpToolExecutor defaults = new HttpToolExecutor(JSON, new OutboundAddressPolicy(true, false, List.of()));
    byte[] justUnder = ("\"" + "a".repeat(256 * 1024 - 2) + "\"").getBytes(UTF_8);
    server.on("/tools/fits", ex -> respond(ex, 200, "application/json", justUnder));
    server.on("/tools/over", ex -> respond(ex, 200, "application/json", new byte[256 * 1024 + 1]));

    assertThat(defaults.execute(tool("fits", "/tools/fits", 5000), Map.of(), CONTEXT)).asString().hasSize(256 * 1024 - 2);
    assertThat(error(defaults.execute(tool("over", "/tools/over", 5000), Map.of(), CONTEXT))).contains("exceeds 262144 bytes");
  }

  @Test
  void aRedirectIsNotFollowed() {
    server.on("/tools/moved", ex -> {
      ex.getResponseHeaders().set("Location", server.url("/internal/secret"));
      respond(ex, 302, null, new byte[0]);
    });
    server.on("/internal/secret", ex -> respond(ex, 200, "application/json", "{\"secret\":1}".getBytes(UTF_8)));

    Object result = executor.execute(tool("moved", "/tools/moved", 2000), Map.of(), CONTEXT);

    assertThat(error(result)).contains("HTTP 302").contains("redirects are not followed");
    assertThat(server.received).extracting(LoopbackServer.Received::path).containsExactly("/tools/moved");
  }

  @Test
  void aUrlRefusedByThePolicyIsNeverCalled() {
    server.on("/tools/local", ex -> respond(ex, 200, "application/json", "{}".getBytes(UTF_8)));
    HttpToolExecutor strict = new HttpToolExecutor(JSON, new OutboundAddressPolicy(false, false, List.of()));

    Object result = strict.execute(tool("local", "/tools/local", 2000), Map.of(), CONTEXT);

    assertThat(error(result)).contains("127.0.0.1").contains("is not allowed");
    assertThat(server.received).isEmpty();
  }

  @Test
  void anUnreachableToolGivesAnErrorResult() {
    String url = server.url("/tools/gone");
    server.close();

    Object result = executor.execute(new ToolDefinition("gone", "", null, new ToolDefinition.ToolWebhook(url, 2000)), Map.of(), CONTEXT);

    assertThat(error(result)).contains("gone").contains("connection refused");
  }

  private ToolDefinition tool(String name, String path, int timeoutMs) {
    return new ToolDefinition(name, "a test tool", Map.of("type", "object"), new ToolDefinition.ToolWebhook(server.url(path), timeoutMs));
  }

  private static String error(Object result) {
    assertThat(result).isInstanceOf(Map.class);
    Map<?, ?> map = (Map<?, ?>) result;
    assertThat(map.keySet()).hasSize(1);
    assertThat(result).isEqualTo(ToolExecutor.errorResult(String.valueOf(map.get("error"))));
    return String.valueOf(map.get("error"));
  }

  private static LoopbackServer newServer() {
    try {
      return new LoopbackServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
