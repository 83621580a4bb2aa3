package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.control.ModelStub;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.BrowserScript;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.OrderBot;
import dev.parley.bootstrap.support.ToolStub;
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
 * The embeddable widget in a real browser ({@code src/test/browser/widget.mjs}: playwright-core driving Debian's
 * chromium). A host page on another loopback origin, with a CSP of its own that allows only the widget's origin and
 * with styles that would break an unshielded widget, embeds {@code /widget.js}; the person chats by keyboard, sees
 * safe Markdown, a tool step and an operator by name, reloads into the same conversation, and ends it. A phone-sized
 * page, the {@code /chat/} page at 390 px and axe-core follow; a host page on an origin the token does not list is
 * refused. The screenshots land in {@code docs/images/} (shown by docs/widget.md).
 */
class WidgetBrowserTest extends ApiTestBase {
  private static final List<String> SCREENSHOTS = List.of("widget-desktop.png", "widget-phone.png", "widget-dark.png", "chat-page-phone.png");
  private ToolStub toolServer;
  private HttpServer allowedHost;
  private HttpServer deniedHost;
  private ModelStub model;
  private volatile String hostToken = ""; // both host pages embed it; it lists only the allowed host's origin

  @BeforeAll
  void startServers() throws IOException {
    toolServer = ToolStub.answering("/tools/lookupOrder", "{\"status\": \"shipped\"}");
    allowedHost = hostPage();
    deniedHost = hostPage();
  }

  @AfterAll
  void stopServers() {
    if (toolServer != null) toolServer.close();
    for (HttpServer s : new HttpServer[] {allowedHost, deniedHost}) if (s != null) s.stop(0);
    if (model != null) model.close();
  }

  @Test
  void widget_js_is_one_script_any_origin_may_load() {
    HttpJson.Response script = http.get("/widget.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.contentType()).startsWith("text/javascript");
    assertThat(script.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(script.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(script.header("Cross-Origin-Resource-Policy")).isEqualTo("cross-origin");
    assertThat(script.body()).contains("const STYLES", "function markdown(", "document.currentScript");
    HttpJson.Response again = http.send("GET", "/widget.js", null, Map.of("If-None-Match", script.header("ETag")));
    assertThat(again.status()).as("revalidated by its ETag").isEqualTo(304);
  }

  @Test
  void a_person_chats_through_the_widget_on_another_origin() throws Exception {
    BrowserScript.requireTools();
    String agentId = createAgent();
    String hostOrigin = "http://127.0.0.1:" + allowedHost.getAddress().getPort();
    String token = integration(agentId, List.of(hostOrigin));
    hostToken = token;
    String chatPageToken = integration(agentId, List.of());
    Path images = imagesFolder();
    for (String png : SCREENSHOTS) Files.deleteIfExists(images.resolve(png));

    String streamingToken = integration(streamingAgent(), List.of());

    BrowserScript.Run run = BrowserScript.run("widget.mjs", 240, server.getURI().toString(), hostOrigin + "/",
        "http://127.0.0.1:" + deniedHost.getAddress().getPort() + "/", token, chatPageToken, apiKey, images.toString(), streamingToken);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.findings()).as("no script errors or CSP violations").doesNotContainKeys("console-error", "page-error", "failure");

    String socket = "ws://" + server.getURI().getAuthority() + "/api/v1/ws/webCall?token=";
    assertThat(run.all("websocket")).as("the widget talks to the origin it was loaded from").isNotEmpty()
        .allSatisfy(url -> assertThat(url).startsWith(socket));
    assertThat(run.one("host-csp")).contains("script-src 'self' " + server.getURI().toString().replaceAll("/$", ""))
        .doesNotContain("unsafe");
    assertThat(run.one("host-panel-position")).as("the widget's styles stay in its shadow root").isEqualTo("static");
    assertThat(run.one("widget-button-background")).as("host styles do not reach the widget").isEqualTo("rgb(31, 95, 209)");

    assertThat(run.one("expanded")).isEqualTo("true");
    assertThat(run.one("greeting")).isEqualTo("Hello! Ask me anything.");
    assertThat(run.one("focus-after-open")).isEqualTo("input");
    assertThat(run.one("live-region")).isEqualTo("polite");
    assertThat(run.one("markdown-strong")).isEqualTo("there");
    assertThat(run.one("markdown-code")).isEqualTo("code");
    assertThat(run.one("markdown-links")).as("the javascript: link stays text").isEqualTo("1");
    assertThat(run.one("markdown-link")).isEqualTo("https://example.com/docs noopener noreferrer _blank");
    assertThat(run.one("markdown-unsafe")).isEqualTo("0");
    assertThat(run.one("markdown-raw-text")).isEqualTo("true");
    assertThat(run.all("tool")).hasSize(2);
    assertThat(run.all("tool").get(0)).contains("lookupOrder");
    assertThat(run.all("tool").get(1)).contains("shipped");

    assertThat(run.one("resumed-same-transcript")).isEqualTo("true");
    assertThat(run.one("resumed-record")).isEqualTo(run.one("record"));
    assertThat(run.one("operator-name")).isEqualTo("Ana");
    assertThat(run.one("operator-strong")).isEqualTo("Ana");
    assertThat(run.one("operator-list")).isEqualTo("[\"first step\",\"second step\"]");
    assertThat(run.one("operator-code-block")).isEqualTo("let x = 1 < 2;");
    assertThat(run.one("panel-hidden-after-escape")).isEqualTo("true");
    assertThat(run.one("focus-after-escape")).isEqualTo("launcher");
    assertThat(run.one("ended")).contains("Conversation ended (completed, user_end)");
    assertThat(run.one("restarted")).as("New conversation: a fresh chat, its greeting only").isEqualTo("[\"Hello! Ask me anything.\"]");

    assertThat(run.one("phone-panel")).as("full screen on a phone").isEqualTo("0,0,390,844");
    assertThat(run.one("phone-sideways")).isEqualTo("false");
    assertThat(run.one("phone-modal")).isEqualTo("true");
    assertThat(run.one("phone-tab-wraps-to")).as("Tab stays in the full-screen panel").isEqualTo("close");
    assertThat(run.one("chat-page-sideways")).as("the /chat/ page does not scroll sideways at 390 px").isEqualTo("false");
    assertThat(run.one("chat-page-controls")).isEqualTo("1,1,1");
    assertThat(Integer.parseInt(run.one("dark-launcher-x"))).as("data-position=left").isLessThan(100);
    assertThat(run.one("dark-background")).as("data-theme=dark").isEqualTo("rgb(22, 27, 34)");
    for (String page : List.of("widget", "widget-phone", "widget-dark", "chat-page")) {
      assertThat(run.one("axe-" + page)).as("axe-core: serious or critical violations on " + page).isEqualTo("[]");
      assertThat(run.one("axe-" + page + "-passed")).as("axe-core checked the controls").contains("button-name", "label", "color-contrast");
    }

    assertThat(run.one("denied-error")).contains("not allowed").contains("origin_not_allowed");
    assertThat(run.one("denied-status")).contains("Disconnected");
    assertThat(run.one("denied-input-disabled")).isEqualTo("true");
    for (String png : SCREENSHOTS) assertThat(images.resolve(png)).isNotEmptyFile();

    // the reply shown while the model was still writing it (plain text), then replaced by its final render
    assertThat(run.one("stream-partial")).startsWith("w0 w1").doesNotContain("w" + (ModelStub.TOKENS - 1));
    assertThat(run.one("stream-final")).startsWith("w0 w1").endsWith("w" + (ModelStub.TOKENS - 1));
    assertThat(run.one("stream-pending-left")).isEqualTo("0");
    assertThat(run.one("stream-assistant-bubbles")).as("the final text replaced the streamed bubble").isEqualTo("1");

    List<Object> chats = HttpJson.asList(http.get("/api/v1/chats?channel=web&state=all&take=50").json().get("items"));
    assertThat(chats).as("desktop (resumed after the reload, not opened again) and its new conversation, phone, dark, /chat/ and streaming: the refused origin opened none")
        .hasSize(6);
    Map<String, Object> desktop = http.get("/api/v1/chats/" + run.one("record")).json();
    assertThat(desktop).containsEntry("final_reason", "user_end");
    assertThat(desktop.get("messages").toString()).contains("Hi, I am **Ana**.", "Order status: shipped");
  }

  /** A host page with its own strict CSP (only its own origin and the widget's) and styles aimed at everything. */
  private HttpServer hostPage() throws IOException {
    HttpServer host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    host.createContext("/", exchange -> {
      String widgetOrigin = server.getURI().toString().replaceAll("/$", "");
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/host.css")) {
        respond(exchange, 200, "text/css", """
            * { color: lime !important; font-family: serif !important; letter-spacing: 3px !important; }
            button { background: rgb(255, 0, 0) !important; border: 6px dashed orange !important; }
            li, ol, p { margin: 40px !important; }
            body { color: #111 !important; background: #fdfdfd; }
            """, Map.of());
        return;
      }
      if (!path.equals("/")) { // the browser's favicon.ico: none, without a 404 in the console
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
        return;
      }
      String csp = "default-src 'none'; script-src 'self' " + widgetOrigin + "; connect-src " + widgetOrigin.replaceFirst("^http", "ws")
          + "; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";
      respond(exchange, 200, "text/html; charset=utf-8", """
          <!doctype html>
          <html lang="en">
          <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Acme shop</title><link rel="stylesheet" href="/host.css"></head>
          <body><main><h1>Acme shop</h1><p>Good things, shipped fast.</p>
          <div id="host-panel" class="panel">The shop's own panel</div><button id="host-button" type="button">Shop button</button></main>
          <script src="%s/widget.js" data-token="%s" data-title="Acme support"%s></script>
          </body></html>
          """.formatted(widgetOrigin, hostToken, attributes(exchange.getRequestURI().getQuery())), Map.of("Content-Security-Policy", csp));
    });
    host.start();
    return host;
  }

  /** {@code ?theme=dark&position=left} of the host page's address as the widget's data attributes. */
  private static String attributes(String query) {
    StringBuilder out = new StringBuilder();
    if (query == null) return "";
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2 && kv[0].matches("theme|position") && kv[1].matches("[a-z]+"))
        out.append(" data-").append(kv[0]).append("=\"").append(kv[1]).append('"');
    }
    return out.toString();
  }

  /** An agent whose OpenAI-compatible model (loopback) streams its reply slowly: w0 … w39, a piece every 100 ms. */
  private String streamingAgent() throws IOException {
    model = new ModelStub(100);
    HttpJson.Response created = http.post("/api/v1/agents", Map.of("name", "Streaming widget bot",
        "model", Map.of("provider", "openai", "model", "stub", "base_url", model.baseUrl())));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  private String createAgent() {
    HttpJson.Response created = http.post("/api/v1/agents", OrderBot.greetingAgent("Widget bot", "(?i)check my order", toolServer.url()));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  private String integration(String agentId, List<String> origins) {
    HttpJson.Response created = http.post("/api/v1/agents/" + agentId + "/web-integrations",
        Map.of("allow_web_chat", true, "allowed_origins", origins));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("token");
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String type, String body,
      Map<String, String> headers) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    headers.forEach(exchange.getResponseHeaders()::add);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** docs/images of the repository, where the screenshots shown by docs/widget.md live. */
  private static Path imagesFolder() throws IOException {
    Path docs = Files.isDirectory(Path.of("../docs")) ? Path.of("../docs") : Path.of("docs");
    return Files.createDirectories(docs.resolve("images")).toAbsolutePath().normalize();
  }
}
