package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.BrowserScript;
import dev.parley.bootstrap.support.ExternalTools;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.WebhookReceiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator console ({@code /console/}) in Debian's chromium, driven by playwright-core from
 * {@code src/test/browser/console.mjs}: an operator signs in with an API key, creates an agent (seeing the API's
 * validation message next to the field first), a user chats on the {@code /chat/} page, the operator sees the chat
 * live, takes over, replies — the reply reaches the user's page — hands back and ends it; a scripted agent's call of
 * a webhook tool marked requires_approval pauses a turn, and the operator approves it from the console (the tool runs
 * once, the reply appears); a delivery shows its attempt log; the usage page renders; axe-core finds no serious violation on any view. Screenshots land in {@code docs/images/console-*.png}
 * (shown in docs/console.md). A model stub on loopback books token usage with prices, so the usage chart has bars.
 * Skipped locally without node, chromium or playwright-core; failed in CI ({@link ExternalTools}).
 */
class ConsoleBrowserTest extends ApiTestBase {
  private HttpServer model;
  private WebhookReceiver hooks;

  @BeforeAll
  void startSystems() throws IOException {
    model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    model.createContext("/v1/chat/completions", exchange -> {
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String usage = "\"usage\": {\"prompt_tokens\": 120, \"completion_tokens\": 30, \"total_tokens\": 150}";
      // the chat page opts in to streaming: then the reply comes as server-sent chunks, the usage in the last one
      boolean stream = request.replace(" ", "").contains("\"stream\":true");
      byte[] answer = (stream
          ? "data: {\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"The agent answers.\"}}]}\n\n"
              + "data: {\"choices\": [], " + usage + "}\n\ndata: [DONE]\n\n"
          : "{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"The agent answers.\"}}], " + usage + "}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", stream ? "text/event-stream" : "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    model.start();
    hooks = new WebhookReceiver();
    HttpJson.Response connection = http.post("/api/v1/providers", Map.of("name", "metered", "kind", "openai",
        "base_url", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1", "api_key", "sk-test",
        "default_model", "m1", "max_retries", 0,
        "prices", Map.of("m1", Map.of("input_per_million", 1.0, "output_per_million", 2.0))));
    assertThat(connection.status()).as(connection.body()).isEqualTo(201);
  }

  @AfterAll
  void stopSystems() {
    if (model != null) model.stop(0);
    if (hooks != null) hooks.close();
  }

  @Test
  void the_console_serves_with_a_strict_content_security_policy() {
    HttpJson.Response page = http.get("/console/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>").doesNotContain("<script>")
        .doesNotContain("style=");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").contains("connect-src 'self'")
        .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    HttpJson.Response script = http.get("/console/js/api.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.contentType()).contains("javascript");
    assertThat(script.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(script.body()).contains("X-API-Key").contains("sessionStorage");
  }

  @Test
  void an_operator_takes_over_a_chat_from_the_console_and_the_user_sees_the_reply() throws Exception {
    Path images = repositoryRoot().resolve("docs/images");
    Files.createDirectories(images);
    BrowserScript.Run run = BrowserScript.run("console.mjs", 240, server.getURI().toString(), apiKey,
        hooks.url("/hooks/console"), images.toString(), hooks.url("/tools/refund"));
    assertThat(run.exitCode()).as("the browser run finished within 4 minutes, passing: " + run.output()).isZero();

    Map<String, List<String>> found = run.findings();
    assertThat(found.get("csp").get(0)).contains("script-src 'self'");
    assertThat(found.get("key-in-address")).containsOnly("false");
    assertThat(found.get("key-in-session-storage")).containsExactly("true");
    assertThat(found.get("field-error").get(0)).as("the API's message next to the field it names").contains("/model");
    assertThat(found.get("agent-saved")).hasSize(1);
    assertThat(found.get("user-reply")).containsExactly("The agent answers.");
    assertThat(found.get("operator-sees")).containsExactly("Hello from the chat page");
    assertThat(found.get("focus-after-open")).as("opening a chat moves focus to its heading").containsExactly("chat-title");
    assertThat(found.get("mode")).containsExactly("human", "agent");
    assertThat(found.get("filtered-human")).as("the mode filter lists the chat a person holds").containsExactly("1");
    assertThat(found.get("filtered-agent")).as("and not among the agent's").containsExactly("0");
    assertThat(found.get("user-sees-operator")).containsExactly("Hi, Dana from support here.");
    assertThat(found.get("operator-sees-live")).containsExactly("Thanks, bye");
    assertThat(found.get("ended").get(0)).contains("ended");
    assertThat(found.get("paused")).as("the tool waits for approval").containsExactly("refund");
    assertThat(found.get("approval-tool")).as("the console names the tool").containsExactly("refund");
    assertThat(found.get("approval-arguments")).as("and shows its arguments").containsExactly("{\"order\":\"A-17\"}");
    assertThat(found.get("approved-reply")).containsExactly("Refund: shipped");
    assertThat(found.get("approval-cleared")).containsExactly("true");
    assertThat(hooks.requestsTo("/tools/refund")).as("the approved tool ran exactly once").hasSize(1);
    assertThat(found.get("deliveries").get(0)).contains("chat.handoff_requested");
    assertThat(found.get("attempt-status")).as("the attempt log shows the receiver's status code").containsExactly("200");
    assertThat(found.get("replayed")).containsExactly("pending");
    assertThat(found.get("usage-bars").get(0)).isNotEqualTo("0");
    assertThat(found.get("usage-cost").get(0)).doesNotContain("not priced");
    assertThat(found.get("signed-out")).containsExactly("true");
    for (String view : List.of("sign-in", "chats", "approval", "agents", "deliveries", "usage"))
      assertThat(found.get("axe-" + view)).as("axe-core on " + view + ": " + found.get("axe-detail")).containsExactly("0");
    assertThat(found).as("no script errors or CSP violations").doesNotContainKeys("console-error", "page-error", "failure");
    for (String shot : List.of("console-chat.png", "console-agents.png", "console-deliveries.png", "console-usage.png"))
      assertThat(images.resolve(shot)).exists();

    Map<String, Object> operatorMessages = http.get("/api/v1/chats?state=all&channel=web").json();
    assertThat(operatorMessages.toString()).contains("Dana").contains("operator");
  }

  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("bootstrap")) ? here : here.getParent();
  }
}
