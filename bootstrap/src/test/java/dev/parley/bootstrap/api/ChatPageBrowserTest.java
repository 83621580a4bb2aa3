package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.ExternalTools;
import dev.parley.bootstrap.support.HttpJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat page in a real browser: Debian's headless chromium, driven by playwright-core from
 * {@code src/test/browser/chat-page.mjs}, loads {@code /chat/?token=...}, sees the greeting, sends a message and
 * sees the reply, watches a server tool run, and ends the chat; a screenshot lands in
 * {@code target/chat-page.png}. Where node, chromium or playwright-core are missing it is skipped with the reason on
 * a developer's machine and fails in CI ({@link ExternalTools}): {@code apt-get install -y chromium} and
 * {@code npm ci --prefix bootstrap/src/test/browser} provide them.
 */
class ChatPageBrowserTest extends ApiTestBase {
  private static final Path SCRIPT_DIR = locate("src/test/browser");
  private HttpServer toolServer;

  @BeforeAll
  void startToolServer() throws IOException {
    toolServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    toolServer.createContext("/tools/lookupOrder", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "{\"status\": \"shipped\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    toolServer.start();
  }

  @AfterAll
  void stopToolServer() {
    if (toolServer != null) toolServer.stop(0);
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
    String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    ExternalTools.require(Files.isExecutable(Path.of(chromium)), "no chromium at " + chromium + " (apt-get install -y chromium)");
    ExternalTools.require(commandWorks("node", "--version"), "no node on PATH");
    ExternalTools.require(SCRIPT_DIR != null && Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core")),
        "playwright-core is not installed (npm ci --prefix bootstrap/src/test/browser)");

    String token = createAgentAndToken();
    Path screenshot = Path.of("target", "chat-page.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    Files.deleteIfExists(screenshot);
    ProcessBuilder pb = new ProcessBuilder("node", SCRIPT_DIR.resolve("chat-page.mjs").toString(),
        server.getURI().toString(), token, screenshot.toString()).redirectErrorStream(true);
    pb.environment().put("CHROMIUM", chromium);
    Process node = pb.start();
    boolean done = node.waitFor(120, TimeUnit.SECONDS);
    if (!done) node.destroyForcibly();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.println("chat-page.mjs:\n" + output);
    assertThat(done).as("the browser run finished within 2 minutes").isTrue();
    assertThat(node.exitValue()).as(output).isZero();

    Map<String, List<String>> found = findings(output);
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
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", "Page bot");
    agent.put("prompt", "You help.");
    agent.put("greeting", "Hello! Ask me anything.");
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", List.of(
            Map.of("match", "(?i)order", "tool", Map.of("name", "lookupOrder", "arguments", Map.of("id", "42")),
                "reply", "Order status: {{tool.lookupOrder.status}}")),
        "fallback", "You said: {{last_user_message}}"));
    agent.put("tools", List.of(Map.of("name", "lookupOrder", "description", "Find an order", "parameters", Map.of("type", "object"),
        "webhook", Map.of("url", "http://127.0.0.1:" + toolServer.getAddress().getPort() + "/tools/lookupOrder", "timeout_ms", 2000))));
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    HttpJson.Response integration = http.post("/api/v1/agents/" + created.json().get("id") + "/web-integrations",
        Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    return (String) integration.json().get("token");
  }

  /** "name: value" lines of the script, by name, in order. */
  private static Map<String, List<String>> findings(String output) {
    Map<String, List<String>> found = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0 && line.substring(0, colon).matches("[a-z-]+"))
        found.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>()).add(line.substring(colon + 2).strip());
    }
    return found;
  }

  private static boolean commandWorks(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The folder whether the tests run from the module (Maven) or from the repository root (an IDE). */
  private static Path locate(String relative) {
    for (Path p : List.of(Path.of(relative), Path.of("bootstrap").resolve(relative)))
      if (Files.isDirectory(p)) return p.toAbsolutePath();
    return null;
  }
}
