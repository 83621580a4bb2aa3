package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.BrowserScript;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.OrderBot;
import dev.parley.bootstrap.support.ToolStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat page (the widget's full-page mode, docs/widget.md) in a real browser: Debian's headless chromium, driven by playwright-core from
 * {@code src/test/browser/chat-page.mjs}, loads {@code /chat/?token=...}, sees the greeting, sends a message and
 * sees the reply, watches a server tool run, and ends the chat; a screenshot lands in
 * {@code target/chat-page.png}. Where node, chromium or playwright-core are missing it is skipped with the reason on
 * a developer's machine and fails in CI ({@link BrowserScript}): {@code apt-get install -y chromium} and
 * {@code npm ci --prefix bootstrap/src/test/browser} provide them.
 */
class ChatPageBrowserTest extends ApiTestBase {
  private ToolStub toolServer;

  @BeforeAll
  void startToolServer() throws IOException {
    toolServer = ToolStub.answering("/tools/lookupOrder", "{\"status\": \"shipped\"}");
  }

  @AfterAll
  void stopToolServer() {
    if (toolServer != null) toolServer.close();
  }

  @Test
  void the_chat_page_serves_with_security_headers_and_leads_from_the_root() {
    HttpJson.Response page = http.get("/chat/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).as("the page is the widget's full-page mode")
        .contains("<script src=\"/widget.js\" data-mode=\"page\"").doesNotContain("<script>").doesNotContain("style=");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    HttpJson.Response script = http.get("/widget.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(script.contentType()).contains("javascript");
    assertThat(script.body()).as("model text is never parsed as HTML").contains("attachShadow").doesNotContain("innerHTML")
        .doesNotContain("insertAdjacentHTML").doesNotContain("outerHTML");
    HttpJson.Response redirect = http.get("/");
    assertThat(redirect.status()).isEqualTo(303);
    assertThat(redirect.header("Location")).isEqualTo("/chat/");
  }

  @Test
  void a_person_chats_with_the_agent_in_a_real_browser() throws Exception {
    BrowserScript.requireTools();
    String token = createAgentAndToken();
    Path screenshot = Path.of("target", "chat-page.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    Files.deleteIfExists(screenshot);
    BrowserScript.Run run = BrowserScript.run("chat-page.mjs", 120, server.getURI().toString(), token, screenshot.toString());
    assertThat(run.exitCode()).as(run.output()).isZero();

    Map<String, List<String>> found = run.findings();
    assertThat(found.get("page-status")).containsExactly("200");
    assertThat(found.get("csp").get(0)).contains("script-src 'self'");
    assertThat(found.get("address").get(0)).as("the token left the address bar").doesNotContain(token);
    assertThat(found.get("greeting")).containsExactly("Hello! Ask me anything.");
    assertThat(found.get("status").get(0)).startsWith("Connected");
    assertThat(found.get("echo")).containsExactly("Hello from the browser");
    assertThat(found.get("reply")).containsExactly("You said: Hello from the browser");
    assertThat(found.get("tool")).hasSize(2);
    assertThat(found.get("tool").get(0)).contains("lookupOrder");
    assertThat(found.get("tool").get(1)).contains("shipped");
    assertThat(found.get("tool-reply")).containsExactly("Order status: shipped");
    assertThat(found.get("ended").get(0)).contains("Conversation ended (completed, user_end)");
    assertThat(found.get("input-disabled")).containsExactly("true");
    assertThat(found).as("no script errors or CSP violations").doesNotContainKeys("console-error", "page-error", "failure");
    assertThat(screenshot).exists();

    Map<String, Object> chats = http.get("/api/v1/chats?channel=web&state=final").json();
    assertThat(chats.toString()).contains("user_end");
  }

  private String createAgentAndToken() {
    HttpJson.Response created = http.post("/api/v1/agents", OrderBot.greetingAgent("Page bot", "(?i)order", toolServer.url()));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    HttpJson.Response integration = http.post("/api/v1/agents/" + created.json().get("id") + "/web-integrations",
        Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    return (String) integration.json().get("token");
  }
}
