package dev.parley.bootstrap.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The reference MCP server ({@code @modelcontextprotocol/server-everything} from npm, installed by
 * {@code npm ci --prefix bootstrap/src/test/mcp}) in {@code streamableHttp} mode on a free loopback port, started as a
 * child process. {@link #restart()} stops it and starts a new process on the same port: every session it held is
 * forgotten, as after a deployment. Without node or the package a test is skipped locally but fails under CI
 * ({@code CI=true}), where .ci/run installs both.
 */
public final class McpReferenceServer implements AutoCloseable {
  private static final Path DIR = RepositoryFiles.path("bootstrap/src/test/mcp");
  private static final Path MAIN = DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");

  private final int port;
  private Process process;

  public McpReferenceServer() {
    requireInstalled();
    this.port = freePort();
    start();
  }

  /** The server's Streamable HTTP endpoint. */
  public String url() {
    return "http://127.0.0.1:" + port + "/mcp";
  }

  public void restart() {
    stop();
    start();
  }

  @Override
  public void close() {
    stop();
  }

  private void start() {
    ProcessBuilder pb = new ProcessBuilder("node", MAIN.toString(), "streamableHttp").directory(DIR.toFile())
        .redirectErrorStream(true).redirectOutput(Path.of("target", "mcp-reference-server.log").toFile());
    pb.environment().put("PORT", Integer.toString(port));
    try {
      Files.createDirectories(Path.of("target"));
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("the reference MCP server exited: see target/mcp-reference-server.log");
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    throw new IllegalStateException("the reference MCP server did not listen on port " + port + " within 30 s");
  }

  private void stop() {
    if (process == null) return;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private static void requireInstalled() {
    boolean installed = Files.isRegularFile(MAIN) && nodeWorks();
    if (!installed && System.getenv("CI") != null)
      throw new IllegalStateException("node or the reference MCP server is missing: npm ci --prefix bootstrap/src/test/mcp");
    assumeTrue(installed, "node or the reference MCP server is missing (npm ci --prefix bootstrap/src/test/mcp)");
  }

  private static boolean nodeWorks() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
