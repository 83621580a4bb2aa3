package dev.parley.bootstrap.reliability;

import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Sql;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A load of user messages, one writer thread per chat, each POST carrying an {@code Idempotency-Key} and a unique
 * content. It remembers which were acknowledged (2xx) and which were not, can retry the unacknowledged ones with
 * the same key as a real client would, and checks the database: every acknowledged message stored exactly once.
 */
public final class MessageLoad {
  /** One POST and what came of it ({@code status} 0: no HTTP answer at all). */
  public record Attempt(String key, String chatId, int status, long millis, String contentType, String retryAfter,
                        String error, long atMillis) {
    public boolean acked() {
      return status >= 200 && status < 300;
    }
  }

  /** A message the load sent: its chat and content. */
  public record Sent(String chatId, String content) {}

  private final URI base;
  private final String apiKey;
  private final String runId;
  private final Duration requestTimeout;
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private final Map<String, Sent> sent = new ConcurrentHashMap<>();
  private final Map<String, Boolean> acked = new ConcurrentHashMap<>();
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean running;
  private volatile long pauseOnFailureMillis = 100;

  public MessageLoad(URI base, String apiKey, String runId, Duration requestTimeout) {
    this.base = base;
    this.apiKey = apiKey;
    this.runId = runId;
    this.requestTimeout = requestTimeout;
  }

  public String runId() {
    return runId;
  }

  /** Starts one writer per chat. */
  public void start(List<String> chatIds) {
    running = true;
    for (int w = 0; w < chatIds.size(); w++) {
      String chat = chatIds.get(w);
      int writer = w;
      Thread t = new Thread(() -> write(writer, chat), "load-writer-" + w);
      t.setDaemon(true);
      writers.add(t);
      t.start();
    }
  }

  public void stop() {
    running = false;
    for (Thread t : writers) {
      try {
        t.join(requestTimeout.toMillis() + 5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    writers.clear();
  }

  private void write(int writer, String chat) {
    HttpClient client = client();
    for (int i = 0; running; i++) {
      String key = runId + "-w" + writer + "-" + i;
      // like a careful client: a message that got no answer, a passing 409, a 429 or 5xx is sent again with the same key
      Attempt a = post(client, key, chat, "msg " + key);
      while (running && !a.acked() && retryable(a)) {
        ServerProcess.sleep(pauseOnFailureMillis);
        a = post(client, key, chat, "msg " + key);
      }
    }
  }

  /** A 409 that no retry can change (the chat ended or its transcript is full) is not retried. */
  static boolean retryable(Attempt a) {
    if (a.status() == 409) return a.error() == null || !(a.error().contains("transcript_full") || a.error().contains("chat_final"));
    return a.status() == 0 || a.status() == 429 || a.status() >= 500;
  }

  private HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** Sends one message with its idempotency key and records the outcome. */
  public Attempt post(HttpClient client, String key, String chat, String content) {
    sent.putIfAbsent(key, new Sent(chat, content));
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/chats/" + chat + "/messages"))
        .timeout(requestTimeout).header("X-API-Key", apiKey).header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(HttpJson.write(Map.of("content", content)))).build();
    long start = System.nanoTime();
    Attempt attempt;
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      attempt = new Attempt(key, chat, r.statusCode(), (System.nanoTime() - start) / 1_000_000,
          r.headers().firstValue("content-type").orElse(null), r.headers().firstValue("retry-after").orElse(null),
          r.statusCode() >= 300 ? r.body() : null, System.currentTimeMillis());
    } catch (IOException e) {
      attempt = new Attempt(key, chat, 0, (System.nanoTime() - start) / 1_000_000, null, null, e.toString(),
          System.currentTimeMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      attempt = new Attempt(key, chat, 0, 0, null, null, "interrupted", System.currentTimeMillis());
    }
    attempts.add(attempt);
    if (attempt.acked()) acked.put(key, true);
    return attempt;
  }

  /**
   * Retries every message never acknowledged, with its own key, until each is (or {@code budget} runs out).
   * Answers how many were still unacknowledged at the end.
   */
  public int retryUnacknowledged(Duration budget) {
    HttpClient client = client();
    long deadline = System.nanoTime() + budget.toNanos();
    List<String> pending = new ArrayList<>(unacknowledged());
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      List<String> still = new ArrayList<>();
      for (String key : pending) {
        Sent s = sent.get(key);
        if (!post(client, key, s.chatId(), s.content()).acked()) still.add(key);
      }
      pending = still;
      if (!pending.isEmpty()) ServerProcess.sleep(500);
    }
    return pending.size();
  }

  /** Each key never acknowledged, with the answer its last attempt got (for a failing assertion's message). */
  public Map<String, String> unacknowledgedWithLastAnswer() {
    Map<String, String> out = new java.util.TreeMap<>();
    for (Attempt a : attempts) if (!acked.containsKey(a.key())) out.put(a.key(), a.status() + " " + a.error());
    return out;
  }

  public List<String> unacknowledged() {
    return sent.keySet().stream().filter(k -> !acked.containsKey(k)).sorted().toList();
  }

  public List<Attempt> attempts() {
    return Collections.unmodifiableList(attempts);
  }

  public int ackedCount() {
    return acked.size();
  }

  public int sentCount() {
    return sent.size();
  }

  /** Keys acknowledged only after one or more failed attempts with the same key (the ambiguous cases). */
  public long retriedThenAcked() {
    Map<String, List<Attempt>> byKey = attempts.stream().collect(Collectors.groupingBy(Attempt::key));
    return byKey.values().stream().filter(list -> list.size() > 1 && list.stream().anyMatch(Attempt::acked)).count();
  }

  public long count(java.util.function.Predicate<Attempt> which) {
    return attempts.stream().filter(which).count();
  }

  /** What the database holds for this run's messages: content → how many user messages carry it. */
  public Map<String, Long> stored(Sql db) {
    Map<String, Long> out = new HashMap<>();
    for (Map<String, Object> row : db.rows("SELECT content, count(*) AS n FROM chat_messages WHERE role = 'user' AND content LIKE ? "
        + "GROUP BY content", "msg " + runId + "-%"))
      out.put((String) row.get("content"), ((Number) row.get("n")).longValue());
    return out;
  }

  /** The verdict: acknowledged messages missing from the database, and messages stored more than once. */
  public record Verdict(int acked, int lost, int duplicated, List<String> lostKeys, List<String> duplicatedContents) {
    public Map<String, Object> asSummary() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("acked", acked);
      m.put("lost", lost);
      m.put("duplicated", duplicated);
      return m;
    }
  }

  public Verdict verify(Sql db) {
    Map<String, Long> stored = stored(db);
    List<String> lost = acked.keySet().stream().filter(k -> !stored.containsKey(sent.get(k).content())).sorted().toList();
    List<String> duplicated = stored.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
    return new Verdict(acked.size(), lost.size(), duplicated.size(), lost, duplicated);
  }

  /** Status → count, for reports. */
  public Map<Integer, Long> statusHistogram() {
    return attempts.stream().collect(Collectors.groupingBy(Attempt::status, java.util.TreeMap::new, Collectors.counting()));
  }

  public static <T> Map<T, Long> histogram(List<Attempt> attempts, Function<Attempt, T> by) {
    return attempts.stream().collect(Collectors.groupingBy(by, LinkedHashMap::new, Collectors.counting()));
  }
}
