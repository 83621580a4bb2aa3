package dev.parley.bootstrap.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The third-party OpenAI-compatible server {@code @dwmkerr/mock-llm} from npm on a loopback port, answering by the
 * rules in src/test/mock-llm/mock-llm.yaml (only with the key {@code mock-tenant-key} and header {@code X-Team:
 * parley}). Installed by .ci/run ({@code npm ci --prefix bootstrap/src/test/mock-llm}); missing, the test fails.
 */
public final class MockLlm implements AutoCloseable {
  private static final Path HOME = Path.of("src/test/mock-llm");
  private final Process process;
  private final String baseUrl;

  private MockLlm(Process process, int port) {
    this.process = process;
    this.baseUrl = "http://127.0.0.1:" + port + "/v1";
  }

  public static MockLlm start() throws IOException, InterruptedException {
    Path main = HOME.resolve("node_modules/@dwmkerr/mock-llm/dist/main.js");
    assertThat(main).as("npm ci --prefix bootstrap/src/test/mock-llm was run").isRegularFile();
    int port;
    try (ServerSocket probe = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    ProcessBuilder builder = new ProcessBuilder("node", main.toAbsolutePath().toString(), "--config",
        HOME.resolve("mock-llm.yaml").toAbsolutePath().toString())
        .redirectErrorStream(true).redirectOutput(Files.createTempFile("mock-llm", ".log").toFile());
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("HOST", "127.0.0.1");
    MockLlm mock = new MockLlm(builder.start(), port);
    mock.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/health"));
    return mock;
  }

  /** The base URL a provider connection of kind openai takes. */
  public String baseUrl() {
    return baseUrl;
  }

  private void awaitHealthy(URI health) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("mock-llm is running").isTrue();
      try {
        if (client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) return;
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("mock-llm did not become healthy within 60 s");
  }

  @Override
  public void close() {
    process.destroy();
  }
}
