package dev.parley.bootstrap.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on loopback that checks every exchange against the OpenAPI document the target server serves (the same
 * {@link OpenApiTraffic} check as the API tests) and prints each mismatch, in either direction. For running an outside
 * client suite (the seed documents' conformance scripts) through: {@code ValidatingProxy <listen-port> <target-url>}.
 * HTTP only: WebSocket upgrades are not proxied.
 */
public final class ValidatingProxy {
  private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "transfer-encoding",
      "upgrade", "expect", "keep-alive", "accept-encoding"); // answers are checked as sent: uncompressed
  private static final AtomicInteger EXCHANGES = new AtomicInteger();
  private static final AtomicInteger VIOLATIONS = new AtomicInteger();

  private ValidatingProxy() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    URI target = URI.create(args[1]);
    OpenApiTraffic check = OpenApiTraffic.servedBy(target);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/", exchange -> forward(exchange, target, client, check));
    Runtime.getRuntime().addShutdownHook(new Thread(() ->
        System.out.println("PROXY SUMMARY exchanges=" + EXCHANGES.get() + " violations=" + VIOLATIONS.get())));
    server.start();
    System.out.println("validating proxy on 127.0.0.1:" + port + " -> " + target);
  }

  private static void forward(HttpExchange exchange, URI target, HttpClient client, OpenApiTraffic check) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      URI uri = target.resolve(exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
          .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      Map<String, String> sent = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (NOT_FORWARDED.contains(name.toLowerCase())) return;
        values.forEach(v -> request.header(name, v));
        sent.put(name, String.join(",", values));
      });
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      EXCHANGES.incrementAndGet();
      try {
        check.check(method, uri, sent, body.length == 0 ? null : new String(body, StandardCharsets.UTF_8), true,
            response.statusCode(), response.headers().map(), new String(response.body(), StandardCharsets.UTF_8));
      } catch (AssertionError violation) {
        VIOLATIONS.incrementAndGet();
        System.out.println("VIOLATION " + violation.getMessage());
      }
      response.headers().map().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) exchange.getResponseHeaders().put(name, List.copyOf(values));
      });
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }
}
