package dev.parley.bootstrap.control;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow OpenAI-compatible model on loopback: a streamed request gets {@link #TOKENS} pieces ("w0 ", "w1 "...), one
 * every {@code pauseMillis}; a plain request gets "plain reply" at once. Counts the pieces it wrote, and notices a
 * client that went away (an aborted stream).
 */
public final class ModelStub implements AutoCloseable {
  public static final int TOKENS = 40;
  final AtomicInteger piecesWritten = new AtomicInteger();
  final AtomicInteger abortedStreams = new AtomicInteger();
  final java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final HttpServer server;

  public ModelStub(long pauseMillis) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/v1/chat/completions", exchange -> {
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(request);
      boolean stream = request.contains("\"stream\":true");
      exchange.getResponseHeaders().add("Content-Type", stream ? "text/event-stream" : "application/json");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        if (!stream) {
          out.write(("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"plain reply\"},"
              + "\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8));
          return;
        }
        for (int i = 0; i < TOKENS; i++) {
          out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w" + i + " \"}}]}\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          piecesWritten.incrementAndGet();
          Thread.sleep(pauseMillis);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        abortedStreams.incrementAndGet(); // the server closed the stream: the turn stopped
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
