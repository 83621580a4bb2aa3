package dev.parley.bootstrap.ha;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's HAProxy in front of Parley instances on loopback, as docs/operations.md configures it: round robin, each
 * instance checked on {@code GET /health/readiness} every 500 ms (out after 2 failures, back after 1 success), a
 * request whose connection is refused re-dispatched to another instance, WebSocket upgrades passed through, and a
 * 503 problem+json with Retry-After of its own while no instance is ready.
 */
public final class Haproxy implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private Haproxy(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** The configuration for {@code backendPorts} on 127.0.0.1, listening on {@code port}. */
  public static String config(int port, List<Integer> backendPorts) {
    StringBuilder c = new StringBuilder("""
        global
          maxconn 4000
        defaults
          mode http
          timeout connect 2s
          timeout client 60s
          timeout server 60s
          timeout tunnel 1h
          option redispatch
          retries 2
        frontend parley
          bind 127.0.0.1:%d
          # no instance ready (say, all of them wait for a database failover): answer as Parley would, with Retry-After
          http-request return status 503 content-type application/problem+json hdr Retry-After 2 hdr Cache-Control no-store string '{"type":"https://parley.dev/problems/service_unavailable","title":"Service Unavailable","status":503,"detail":"no Parley instance is ready right now; retry after 2 s","code":"service_unavailable"}' if { nbsrv(parley) eq 0 }
          default_backend parley
        backend parley
          balance roundrobin
          option httpchk GET /health/readiness
          http-check expect status 200
          default-server inter 500ms fall 2 rise 1
        """.formatted(port));
    for (int i = 0; i < backendPorts.size(); i++)
      c.append("  server parley").append(i).append(" 127.0.0.1:").append(backendPorts.get(i)).append(" check\n");
    return c.toString();
  }

  public static Haproxy start(List<Integer> backendPorts) {
    HaTools.require("haproxy");
    int port = HaTools.freePort();
    try {
      Path dir = Files.createTempDirectory("parley-ha-haproxy");
      Path cfg = dir.resolve("haproxy.cfg");
      Files.writeString(cfg, config(port, backendPorts));
      Process p = new ProcessBuilder(HaTools.which("haproxy").toString(), "-db", "-f", cfg.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("haproxy.log").toFile())).start();
      Haproxy h = new Haproxy(p, port, dir);
      Runtime.getRuntime().addShutdownHook(new Thread(h::close, "haproxy-stop"));
      h.awaitServing();
      return h;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitServing() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("haproxy exited; see " + dir.resolve("haproxy.log"));
      try {
        if (client.send(HttpRequest.newBuilder(base().resolve("/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      HaTools.sleep(200);
    }
    throw new IllegalStateException("haproxy not serving; see " + dir.resolve("haproxy.log"));
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    if (process.isAlive()) HaTools.killTree(process.toHandle());
    HaTools.deleteTree(dir);
  }
}
