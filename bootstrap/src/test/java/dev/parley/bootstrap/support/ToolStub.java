package dev.parley.bootstrap.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tool's webhook on loopback: each request to {@code path} is kept and answered 200 with one JSON body. */
public final class ToolStub implements AutoCloseable {
  private final HttpServer server;
  private final String path;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private ToolStub(String path, String json) {
    this.path = path;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(path, exchange -> {
      requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  public static ToolStub answering(String path, String json) {
    return new ToolStub(path, json);
  }

  /** Where the agent's tool webhook points. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The request bodies received so far. */
  public List<String> requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
