package dev.parley.bootstrap.reliability;

import dev.parley.bootstrap.support.Sql;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real server ({@code ParleyApplication.main}) in a JVM of its own, started from this test's classpath (the fat
 * jar is built only in the package phase, after the tests), so it can be killed with SIGKILL. Its output goes to
 * {@code target/reliability/<name>.log}.
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private ServerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * The properties of a server one test drives hard and administers: its admin key, rate limits lifted (the load is
   * the test's own), and a small connection pool (two of these servers and the tests' own connections share the
   * machine's PostgreSQL). Callers add what their fault needs.
   */
  public static Map<String, String> underTestLoad(String adminKey) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("parley.admin-key", adminKey);
    properties.put("parley.rate-limit.per-second", "100000");
    properties.put("parley.rate-limit.burst", "100000");
    properties.put("parley.rate-limit.failed-credentials-per-minute", "100000");
    properties.put("parley.rate-limit.chat-opens-per-minute", "100000");
    properties.put("parley.rate-limit.chat-opens-per-token-per-minute", "100000");
    // load tests post to a few chats for minutes: the default 2,000-message transcript cap would end them midway
    properties.put("parley.limits.messages-per-chat", "1000000");
    properties.put("datasources.default.maximum-pool-size", "8");
    return properties;
  }

  /**
   * Starts the server against {@code database} on {@code port} with extra {@code -D} properties, and waits until
   * /health/readiness answers 200.
   */
  public static ServerProcess start(String name, int port, Sql database, Map<String, String> properties) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("DATASOURCES_DEFAULT_URL", database.url());
    environment.put("DATASOURCES_DEFAULT_USERNAME", database.user());
    environment.put("DATASOURCES_DEFAULT_PASSWORD", database.password());
    environment.put("PARLEY_DEV_API_KEY", null);
    return launch(name, port, environment, properties);
  }

  /**
   * Starts the server with no database configured: its default embedded PostgreSQL, keeping its data in
   * {@code dataDir} ({@code PARLEY_DATA_DIR}), with {@code devApiKey} as the development tenant's key.
   */
  public static ServerProcess startEmbedded(String name, int port, Path dataDir, String devApiKey,
                                            Map<String, String> properties) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("PARLEY_DATA_DIR", dataDir.toAbsolutePath().toString());
    environment.put("PARLEY_DEV_API_KEY", devApiKey);
    for (String unset : List.of("DATASOURCES_DEFAULT_URL", "DATASOURCES_DEFAULT_USERNAME", "DATASOURCES_DEFAULT_PASSWORD"))
      environment.put(unset, null);
    return launch(name, port, environment, properties);
  }

  /** {@code environment}: variables to set, or to remove where the value is null. */
  private static ServerProcess launch(String name, int port, Map<String, String> environment, Map<String, String> properties) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(classpath());
    Map<String, String> props = new LinkedHashMap<>();
    props.put("micronaut.server.port", String.valueOf(port));
    props.putAll(properties);
    props.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("dev.parley.bootstrap.ParleyApplication");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("DATABASE_URL");
    environment.forEach((key, value) -> {
      if (value == null) builder.environment().remove(key);
      else builder.environment().put(key, value);
    });
    Path log = Path.of("target", "reliability", name + ".log");
    try {
      Files.createDirectories(log.getParent());
      builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = builder.start();
      ServerProcess server = new ServerProcess(process, port, log);
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      server.awaitReady(Duration.ofSeconds(120));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The test JVM's real classpath (surefire may hide it behind a manifest-only jar). */
  static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
    if (!cp.contains("classes")) throw new IllegalStateException("cannot find the test classpath: " + cp);
    return cp;
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no connection closed cleanly, no in-flight request finished. */
  public void killHard() {
    process.destroyForcibly(); // SIGKILL on Linux
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady(Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + log);
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base().resolve("/health/readiness"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) return;
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(200);
    }
    killHard();
    throw new IllegalStateException("server not ready within " + timeout + "; see " + log);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) killHard();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A path on this machine's file system, for messages. */
  public String logFile() {
    return log.toAbsolutePath().toString().replace(File.separatorChar, '/');
  }
}
