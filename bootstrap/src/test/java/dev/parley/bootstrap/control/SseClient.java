package dev.parley.bootstrap.control;

import dev.parley.bootstrap.support.HttpJson;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Reads a server-sent event stream in the background, keeping every event (name, id, data) as it arrives. */
final class SseClient implements AutoCloseable {
  record Event(String name, String id, String data) {}

  final List<Event> events = new CopyOnWriteArrayList<>();
  final List<String> comments = new CopyOnWriteArrayList<>();
  volatile int status;
  volatile String retryLine;
  final CompletableFuture<Void> ended = new CompletableFuture<>();
  private volatile InputStream body;

  /** GET (body null) or POST {@code body} to {@code uri} with Accept: text/event-stream. */
  static SseClient open(URI uri, String apiKey, Object body, Map<String, String> headers) {
    SseClient client = new SseClient();
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("X-API-Key", apiKey).header("Accept", "text/event-stream");
    headers.forEach(b::header);
    if (body == null) b.GET();
    else b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(HttpJson.write(body)));
    HttpClient.newHttpClient().sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream()).thenAccept(r -> {
      client.status = r.statusCode();
      client.body = r.body();
      client.read(r.body());
    }).exceptionally(e -> {
      client.ended.completeExceptionally(e);
      return null;
    });
    return client;
  }

  private void read(InputStream in) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String name = null;
      String id = null;
      StringBuilder data = null;
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isEmpty()) {
          if (data != null) events.add(new Event(name, id, data.toString()));
          name = null;
          id = null;
          data = null;
        } else if (line.startsWith(":")) comments.add(line);
        else if (line.startsWith("retry:")) retryLine = line;
        else if (line.startsWith("event:")) name = line.substring(6).trim();
        else if (line.startsWith("id:")) id = line.substring(3).trim();
        else if (line.startsWith("data:")) data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).trim());
      }
      ended.complete(null);
    } catch (Exception e) {
      ended.complete(null);
    }
  }

  List<Event> named(String name) {
    return events.stream().filter(e -> name.equals(e.name())).toList();
  }

  @Override
  public void close() {
    try {
      if (body != null) body.close();
    } catch (Exception ignored) {
      // closing a stream the test is done with
    }
  }
}
