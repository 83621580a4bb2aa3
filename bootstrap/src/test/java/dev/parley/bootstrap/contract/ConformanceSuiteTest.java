package dev.parley.bootstrap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.RepositoryFiles;
import dev.parley.bootstrap.support.ValidatingProxy;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue #18's "done when": the public conformance suite (conformance/, the seed documents' own client code) passes
 * through a {@link ValidatingProxy} built from the documents the server serves, with no violation in either
 * direction — HTTP requests and answers against the OpenAPI document, WebSocket frames both ways against the AsyncAPI
 * documents. Its prerequisites (node, python3 with requests, curl) are Debian packages that .ci/run installs; without
 * them this test fails, it is not skipped.
 */
class ConformanceSuiteTest extends ApiTestBase {
  private static final Pattern SUMMARY = Pattern.compile("conformance: (\\d+) passed, (\\d+) failed");

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.outbox.interval", "100ms");
  }

  @Test
  void the_public_suite_passes_through_the_validating_proxy_without_a_violation() throws Exception {
    Path suite = RepositoryFiles.path("conformance/run.sh");
    assertThat(suite).isRegularFile();
    try (ValidatingProxy proxy = ValidatingProxy.start(server.getURI())) {
      String printed = run(List.of("bash", suite.toString(), proxy.uri().toString()), Map.of(
          "PARLEY_API_KEY", apiKey, "PARLEY_ADMIN_KEY", "test-admin-key",
          "PARLEY_STUB_PORT", String.valueOf(freePort())));
      System.out.println(printed + "\nproxy: " + proxy.exchanges() + " HTTP exchanges, " + proxy.frames() + " WebSocket frames checked");

      Matcher summary = SUMMARY.matcher(printed);
      assertThat(summary.find()).as("the suite printed its summary:%n%s", printed).isTrue();
      assertThat(Integer.parseInt(summary.group(2))).as("failed checks:%n%s", printed).isZero();
      assertThat(Integer.parseInt(summary.group(1))).as("checks passed").isGreaterThanOrEqualTo(120);
      assertThat(proxy.violations()).as("traffic the served documents do not describe").isEmpty();
      // the proxy saw the suite's traffic, HTTP and WebSocket, so an empty list means something
      assertThat(proxy.exchanges()).isGreaterThan(25);
      assertThat(proxy.frames()).isGreaterThan(5);
    }
  }

  @Test
  void the_prerequisites_are_there() throws Exception {
    assertThat(run(List.of("python3", "-c", "import requests; print('requests', requests.__version__)"), Map.of()))
        .contains("requests");
    assertThat(run(List.of("curl", "--version"), Map.of())).startsWith("curl");
    // the suite's WebSocket section needs node's WebSocket: built in from node 22, behind a flag on 20.10+ (as run.sh does)
    assertThat(run(List.of("bash", "-c", "flag=; node --experimental-websocket -e '' 2>/dev/null && flag=--experimental-websocket; "
        + "node $flag -e 'console.log(typeof WebSocket)'"), Map.of())).as("node has WebSocket (node 20.10+)").contains("function");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Runs a command; answers what it printed (both streams). Fails unless it ends with status 0 within 3 minutes. */
  private static String run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
    Path output = Files.createTempFile("parley-conformance", ".out");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      boolean finished = process.waitFor(180, TimeUnit.SECONDS);
      process.destroyForcibly();
      String printed = Files.readString(output);
      assertThat(finished).as("%s finished in time; it printed:%n%s", command, printed).isTrue();
      assertThat(process.exitValue()).as("%s exit status; it printed:%n%s", command, printed).isZero();
      return printed;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
