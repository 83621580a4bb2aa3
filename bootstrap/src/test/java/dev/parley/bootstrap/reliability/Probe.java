package dev.parley.bootstrap.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Polls one GET every {@code everyMillis} in the background and keeps what it saw (status 0: no answer). */
public final class Probe implements AutoCloseable {
  /** One poll. */
  public record Seen(long atMillis, int status, long millis) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  public Probe(URI url, String apiKey, long everyMillis) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    thread = new Thread(() -> {
      while (running) {
        seen.add(get(client, url, apiKey));
        ServerProcess.sleep(everyMillis);
      }
    }, "probe-" + url.getPath());
    thread.setDaemon(true);
    thread.start();
  }

  public static Seen get(HttpClient client, URI url, String apiKey) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET();
    if (apiKey != null) b.header("X-API-Key", apiKey);
    long start = System.nanoTime();
    int status;
    try {
      status = client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      status = 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 0;
    }
    return new Seen(System.currentTimeMillis(), status, (System.nanoTime() - start) / 1_000_000);
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  public List<Seen> between(long fromMillis, long toMillis) {
    return seen.stream().filter(s -> s.atMillis() >= fromMillis && s.atMillis() <= toMillis).toList();
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(35_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
