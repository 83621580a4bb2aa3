package dev.parley.bootstrap.docs;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.out.webhooks.WebhookSignature;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.ExternalTools;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.RepositoryFiles;
import dev.parley.bootstrap.support.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the examples of the docs against a real server: the fenced blocks of docs/api-guide.md marked
 * {@code example} (curl with bash, JavaScript with node, Python with python3), and the webhook receivers of
 * docs/webhooks.md marked {@code receiver}, which must verify a real, rotated signature. A language whose runtime
 * is missing here (node, or python3 with the requests package) is skipped with the reason on a developer's machine
 * and fails in CI ({@link ExternalTools}).
 */
class DocumentationExamplesTest extends ApiTestBase {
  private static final String EXAMPLE_SECRET = "whsec_example_secret";
  private final WebhookReceiver receiver = new WebhookReceiver();
  private final List<Process> processes = new ArrayList<>();

  @TempDir
  Path work;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.outbox.interval", "100ms", "parley.webhooks.first-retry", "200ms");
  }

  @AfterAll
  void stopAll() {
    processes.forEach(Process::destroyForcibly);
    receiver.close();
  }

  /** The fenced blocks of a document whose info string is {@code "<language> <tag>"}, in order. */
  static List<String> blocks(String document, String language, String tag) {
    Matcher m = Pattern.compile("^```" + Pattern.quote(language) + " " + Pattern.quote(tag) + "\\n(.*?)^```",
        Pattern.MULTILINE | Pattern.DOTALL).matcher(RepositoryFiles.read(document));
    List<String> found = new ArrayList<>();
    while (m.find()) found.add(m.group(1));
    return found;
  }

  private static boolean runs(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path write(String name, List<String> blocks) throws IOException {
    assertThat(blocks).as("examples in the docs for " + name).isNotEmpty();
    return Files.writeString(work.resolve(name), String.join("\n", blocks));
  }

  // --- docs/api-guide.md -------------------------------------------------------------------------------------------

  private void runGuide(String language, String file, String... interpreter) throws Exception {
    Path script = write(file, blocks("docs/api-guide.md", language, "example"));
    String key = newTenantKey("docs-" + language);
    Path output = work.resolve(file + ".out");
    List<String> command = new ArrayList<>(List.of(interpreter));
    command.add(script.toString());
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().put("PARLEY_URL", server.getURI().toString());
    builder.environment().put("PARLEY_API_KEY", key);
    builder.environment().put("HOOK_URL", receiver.url("/hooks/" + language));
    Process process = builder.start();
    processes.add(process);
    boolean finished = process.waitFor(120, TimeUnit.SECONDS);
    String printed = read(output);
    assertThat(finished).as("the %s examples finished in time; they printed:%n%s", language, printed).isTrue();
    assertThat(process.exitValue()).as("exit status of the %s examples; they printed:%n%s", language, printed).isZero();
    assertThat(printed).contains("Your order is on its way.").contains("opened").contains("turn").contains("ended");

    // The chat the example ended reaches the webhook URL it configured, signed with its secret.
    await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.requestsTo("/hooks/" + language).isEmpty());
    WebhookReceiver.Received hook = receiver.requestsTo("/hooks/" + language).get(0);
    assertThat(WebhookSignature.verify(hook.header("Parley-Signature"), EXAMPLE_SECRET, hook.body(),
        System.currentTimeMillis() / 1000, 300)).isTrue();
    assertThat(asList(new HttpJson(server.getURI(), key).get("/api/v1/chats?state=final").json().get("items"))).hasSize(1);
  }

  @Test
  void the_curl_examples_run() throws Exception {
    ExternalTools.require(runs("curl", "--version") && runs("python3", "--version"), "curl and python3 are needed for the curl examples");
    runGuide("sh", "api-guide.sh", "bash");
    // "Approving a tool call": paused at the tool, resumed by the approval, a second decision refused
    assertThat(read(work.resolve("api-guide.sh.out"))).contains("approval pending: refund")
        .contains("after approval: Refund: shipped").contains("approval_decided");
  }

  @Test
  void the_javascript_examples_run() throws Exception {
    ExternalTools.require(runs("node", "-e", "if (typeof fetch !== 'function') process.exit(1)"), "node 18+ (with fetch) is not installed here");
    runGuide("js", "api-guide.mjs", "node");
  }

  @Test
  void the_python_examples_run() throws Exception {
    ExternalTools.require(runs("python3", "-c", "import requests"), "python3 with the requests package is not installed here");
    runGuide("python", "api-guide.py", "python3");
  }

  // --- docs/webhooks.md --------------------------------------------------------------------------------------------

  private void runReceiver(String language, String file, String... interpreter) throws Exception {
    Path script = write(file, blocks("docs/webhooks.md", language, "receiver"));
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path output = work.resolve(file + ".out");
    List<String> command = new ArrayList<>(List.of(interpreter));
    command.add(script.toString());
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().put("PORT", String.valueOf(port));
    builder.environment().put("PARLEY_WEBHOOK_SECRET", "old-secret"); // the receiver has not rotated yet
    Process process = builder.start();
    processes.add(process);
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> read(output).contains("listening") || !process.isAlive());
      assertThat(process.isAlive()).as("the %s receiver started; it printed:%n%s", language, read(output)).isTrue();

      String url = "http://127.0.0.1:" + port + "/hook";
      Map<String, Object> agent = Map.of("name", "Receiver " + language,
          "completion_webhook", Map.of("url", url, "secret", "new-secret,old-secret"));
      String agentId = (String) http.post("/api/v1/agents", agent).json().get("id");
      String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");
      http.post("/api/v1/chats/" + chat + "/end", Map.of());

      await().atMost(Duration.ofSeconds(15)).until(() -> read(output).contains("chat=" + chat));
      assertThat(read(output)).containsPattern("verified [0-9a-f-]{36} chat.completed chat=" + chat + " reason=user_end");
      Map<String, Object> delivery = asMap(asList(http.get("/api/v1/webhook-deliveries?chat_id=" + chat).json().get("items")).get(0));
      await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(
          http.get("/api/v1/webhook-deliveries/" + delivery.get("id")).json().get("status")));

      // A forged request is refused; a replayed event is recognised by its Parley-Event-Id.
      HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .header("Parley-Signature", "t=" + System.currentTimeMillis() / 1000 + ",v1=" + "0".repeat(64))
          .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"forged\"}", StandardCharsets.UTF_8)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(forged.statusCode()).isEqualTo(400);
      assertThat(http.post("/api/v1/webhook-deliveries/" + delivery.get("id") + "/replay", Map.of()).status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(15)).until(() -> read(output).contains("duplicate " + delivery.get("id")));
    } finally {
      process.destroy();
    }
  }

  @Test
  void the_node_webhook_receiver_verifies_a_rotated_signature() throws Exception {
    ExternalTools.require(runs("node", "--version"), "node is not installed here");
    runReceiver("js", "receiver.mjs", "node");
  }

  @Test
  void the_python_webhook_receiver_verifies_a_rotated_signature() throws Exception {
    ExternalTools.require(runs("python3", "--version"), "python3 is not installed here");
    runReceiver("python", "receiver.py", "python3");
  }
}
