package dev.parley.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Sql;
import dev.parley.bootstrap.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based malformed HTTP against the running server (jqwik): every JSON route gets bodies that are valid
 * templates mutated (truncated, bytes flipped, junk inserted), wrong types per field, deep nesting, huge strings and
 * oversized bodies, invalid UTF-8, and wrong or missing content types. Never a 5xx; every error is problem+json;
 * a request answered 4xx changes nothing stored (a fingerprint of every table is compared); no ERROR in the log.
 * Tries: jqwik.tries.default in src/test/resources/junit-platform.properties (the soak command raises it).
 *
 * <p>The stateless completion endpoint is one of the routes (its template is a real second turn: a sealed state and
 * its history). WebSocket frames are WebSocketFaultReliabilityTest.
 */
class MalformedHttpReliabilityTest {
  private static final String ADMIN = "malformed-admin";
  private static TestDatabase.Database database;
  private static InProcessServer server;
  private static Sql db;
  private static String key;
  private static LogCapture logs;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final Map<Integer, AtomicInteger> STATUSES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> KINDS = new ConcurrentHashMap<>();
  private static final AtomicInteger ALTERED = new AtomicInteger();
  private static final AtomicInteger NOT_PROBLEM = new AtomicInteger();
  private static final AtomicInteger FIVE_XX = new AtomicInteger();
  private static String chat;
  private static String agent;

  /** A route and a valid body to start from. */
  record Route(String method, String path, Map<String, Object> template) {}

  private static final List<Route> ROUTES = new ArrayList<>();

  /** One request: where, what, how it was made. */
  record Req(Route route, String kind, String contentType, byte[] body) {
    @Override
    public String toString() {
      String shown = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
      return route.method() + " " + route.path() + " [" + kind + ", " + contentType + ", " + body.length + " bytes] " + shown;
    }
  }

  @BeforeContainer
  static void start() {
    database = TestDatabase.create();
    db = database.sql();
    server = InProcessServer.start(db, Map.of("parley.admin-key", ADMIN, "parley.sweeper.enabled", false,
        "parley.outbox.enabled", false));
    key = server.newTenantKey("malformed");
    HttpJson http = new HttpJson(server.base(), key);
    Map<String, Object> agentDoc = Map.of("name", "Target", "greeting", "Hi",
        "script", Map.of("rules", List.of(Map.of("match", "(?i)order", "reply", "Order ok")), "fallback", "You said: {{last_user_message}}"),
        "analysis_fields", List.of(Map.of("name", "x", "description", "y", "type", "string")), "default_ttl_seconds", 600);
    agent = (String) http.post("/api/v1/agents", agentDoc).json().get("id");
    chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id");
    ROUTES.add(new Route("POST", "/api/v1/chats", Map.of("agent_id", agent, "channel", "twilio_sms",
        "external_id", Map.of("from", "+1", "provider_id", "p1"), "ttl_seconds", 600, "additional_data", Map.of("a", 1),
        "user_id", "u", "title", "t", "metadata", Map.of("k", "v"))));
    ROUTES.add(new Route("POST", "/api/v1/chats/" + chat + "/messages", Map.of("content", "hello", "idempotency_key", "k1",
        "additional_data", Map.of("b", 2))));
    ROUTES.add(new Route("POST", "/api/v1/chats/" + chat + "/end", Map.of("note", "bye")));
    ROUTES.add(new Route("POST", "/api/v1/agents", agentDoc));
    ROUTES.add(new Route("PUT", "/api/v1/agents/" + agent, agentDoc));
    ROUTES.add(new Route("POST", "/api/v1/admin/tenants", Map.of("name", "n")));
    ROUTES.add(new Route("PUT", "/api/v1/tenant/currency", Map.of("currency", "EUR")));
    ROUTES.add(new Route("POST", "/api/v1/webhook-deliveries/00000000-0000-0000-0000-000000000000/replay", Map.of()));
    ROUTES.add(new Route("GET", "/api/v1/chats?take=%s&skip=%s&updated_after=%s&include_messages=%s", Map.of()));
    ROUTES.add(new Route("GET", "/api/v1/chats/%s/messages?offset=%s&limit=%s&order=%s", Map.of()));
    // The stateless endpoint with a real second turn: the state of a first turn and the history it expects.
    List<Object> firstHistory = List.of(Map.of("role", "user", "content", "hello"));
    Map<String, Object> first = http.post("/api/v1/text-chat/completion", Map.of("agent", Map.of("id", agent), "messages", firstHistory)).json();
    List<Object> history = new ArrayList<>(firstHistory);
    history.addAll(HttpJson.asList(first.get("messages")));
    history.add(Map.of("role", "user", "content", "where is my order?", "time", "2026-11-25T10:00:00Z"));
    ROUTES.add(new Route("POST", "/api/v1/text-chat/completion", Map.of("agent", Map.of("id", agent), "messages", history,
        "state", first.get("state"), "additional_data", Map.of("customerName", "Ada"), "finish", false)));
    logs = LogCapture.attach();
  }

  @AfterContainer
  static void stop() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("requests", STATUSES.values().stream().mapToInt(AtomicInteger::get).sum());
    summary.put("kinds", new TreeMap<>(KINDS));
    summary.put("statuses", new TreeMap<>(STATUSES));
    summary.put("5xx", FIVE_XX.get());
    summary.put("errors_not_problem_json", NOT_PROBLEM.get());
    summary.put("stored_altered_by_4xx", ALTERED.get());
    summary.put("error_log_events", logs == null ? -1 : logs.errors().size());
    Summary.print("malformed-http", summary);
    if (logs != null) logs.close();
    if (server != null) server.close();
    if (database != null) TestDatabase.drop(database);
  }

  @Property
  void malformed_requests_never_get_a_5xx_never_log_an_error_and_change_nothing_when_refused(@ForAll("requests") Req req) {
    String before = fingerprint();
    int status = send(req);
    STATUSES.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    KINDS.computeIfAbsent(req.kind(), s -> new AtomicInteger()).incrementAndGet();
    if (status >= 500) FIVE_XX.incrementAndGet();
    assertThat(status).as("%s", req).isLessThan(500);
    if (status >= 400 || status == 0) {
      String after = fingerprint();
      if (!before.equals(after)) ALTERED.incrementAndGet();
      assertThat(after).as("stored state after a refused %s", req).isEqualTo(before);
    }
    assertThat(logs.errors()).as("ERROR log events after %s", req).isEmpty();
  }

  /** Findings of the fuzzers, kept as fixed examples (each was a 500 before its fix). */
  @net.jqwik.api.Example
  void null_entries_in_agent_lists_are_a_400_not_a_500() {
    Route create = ROUTES.stream().filter(r -> r.path().equals("/api/v1/agents")).findFirst().orElseThrow();
    for (String body : List.of("{\"name\":\"x\",\"script\":{\"rules\":[null]}}", "{\"name\":\"x\",\"analysis_fields\":[null]}",
        "{\"name\":\"x\",\"tools\":[null]}"))
      assertThat(send(new Req(create, "known_finding", "application/json", body.getBytes(StandardCharsets.UTF_8)))).as(body).isEqualTo(400);
  }

  private static int send(Req req) {
    String path = req.route().path();
    if (path.contains("%s")) path = String.format(path, (Object[]) junkQuery(req.body()));
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(server.base().resolve(path)).timeout(Duration.ofSeconds(30));
    } catch (IllegalArgumentException unencodable) {
      return 400; // the client library refuses the URI itself; nothing reached the server
    }
    b.header("X-API-Key", key);
    if (path.startsWith("/api/v1/admin")) b.header("X-Admin-Key", ADMIN);
    if (req.contentType() != null) b.header("Content-Type", req.contentType());
    b.method(req.route().method(), req.route().method().equals("GET") ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(req.body()));
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 400 && !r.headers().firstValue("content-type").orElse("").contains("application/problem+json")) {
        NOT_PROBLEM.incrementAndGet();
        throw new AssertionError("not problem+json: " + r.statusCode() + " " + r.headers().map() + " for " + req);
      }
      return r.statusCode();
    } catch (IOException e) {
      if (req.body().length > 1_000_000) return 0; // the server may close the connection on an oversized body
      throw new AssertionError("no answer to " + req, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Query values from the body's bytes: random text, numbers out of range, dates that are not dates. */
  private static String[] junkQuery(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    String[] out = new String[4];
    for (int i = 0; i < 4; i++) {
      int from = Math.min(text.length(), i * 7);
      String piece = text.substring(from, Math.min(text.length(), from + 12));
      out[i] = java.net.URLEncoder.encode(piece, StandardCharsets.UTF_8);
    }
    if (out[0].isEmpty()) out[0] = "-1";
    return out;
  }

  /** A fingerprint of every table the API writes (idempotency records excluded: a refused request releases its key). */
  private static String fingerprint() {
    String sql = String.join(" || ';' || ", List.of("tenants", "api_keys", "users", "agents", "chat_sessions", "chat_messages",
        "chat_turns", "activity_log", "webhook_outbox").stream()
        .map(t -> "(SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM " + t + " x)").toList());
    return db.strings("SELECT " + sql).get(0);
  }

  @Provide
  Arbitrary<Req> requests() {
    Arbitrary<Route> route = Arbitraries.of(ROUTES);
    Arbitrary<String> contentType = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.just("application/json")),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", "application/json; charset=latin1", "application/octet-stream", "*/*", "")),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
    return route.flatMap(r -> Arbitraries.oneOf(
        truncated(r), flipped(r), wrongType(r), deepNesting(r), hugeString(r), oversized(r), invalidUtf8(r), junk(r))
        .flatMap(pair -> contentType.map(ct -> new Req(r, pair.kind(), ct, pair.body()))));
  }

  record Body(String kind, byte[] body) {}

  private static byte[] json(Object value) {
    return HttpJson.write(value).getBytes(StandardCharsets.UTF_8);
  }

  private Arbitrary<Body> truncated(Route r) {
    byte[] full = json(r.template());
    return Arbitraries.integers().between(0, Math.max(0, full.length - 1)).map(n -> new Body("truncated", java.util.Arrays.copyOf(full, n)));
  }

  private Arbitrary<Body> flipped(Route r) {
    byte[] full = json(r.template());
    return Combinators.combine(Arbitraries.integers().between(0, full.length - 1), Arbitraries.bytes())
        .as((at, value) -> {
          byte[] copy = full.clone();
          copy[at] = value;
          return new Body("byte_flipped", copy);
        });
  }

  private Arbitrary<Body> wrongType(Route r) {
    List<String> fields = new ArrayList<>(r.template().keySet());
    if (fields.isEmpty()) fields.add("unexpected");
    Arbitrary<Object> wrong = Arbitraries.oneOf(Arbitraries.integers().map(i -> (Object) i), Arbitraries.just(true),
        Arbitraries.just(List.of(1, "a")), Arbitraries.just(Map.of("x", List.of())), Arbitraries.just(null),
        Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s), Arbitraries.just(1e308), Arbitraries.just(-1),
        Arbitraries.just(Long.MAX_VALUE), Arbitraries.just("00000000-0000-0000-0000-000000000000"));
    return Combinators.combine(Arbitraries.of(fields), wrong).as((field, value) -> {
      Map<String, Object> copy = new LinkedHashMap<>(r.template());
      copy.put(field, value);
      return new Body("wrong_type", json(copy));
    });
  }

  private Arbitrary<Body> deepNesting(Route r) {
    return Arbitraries.integers().between(500, 50_000).map(depth -> {
      StringBuilder sb = new StringBuilder("{\"content\":");
      sb.append("[".repeat(depth)).append("]".repeat(depth)).append('}');
      return new Body("deep_nesting", sb.toString().getBytes(StandardCharsets.UTF_8));
    });
  }

  private Arbitrary<Body> hugeString(Route r) {
    List<String> fields = new ArrayList<>(r.template().keySet());
    if (fields.isEmpty()) fields.add("name");
    return Combinators.combine(Arbitraries.of(fields), Arbitraries.integers().between(33_000, 400_000)).as((field, size) -> {
      Map<String, Object> copy = new LinkedHashMap<>(r.template());
      copy.put(field, "x".repeat(size));
      return new Body("huge_string", json(copy));
    });
  }

  private Arbitrary<Body> oversized(Route r) {
    return Arbitraries.integers().between(1_100_000, 1_600_000).map(size -> {
      Map<String, Object> copy = new LinkedHashMap<>(r.template());
      copy.put("padding", "y".repeat(size));
      return new Body("oversized_body", json(copy));
    });
  }

  private Arbitrary<Body> invalidUtf8(Route r) {
    return Arbitraries.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {0x00}).map(bad -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String first = r.template().keySet().stream().findFirst().orElse("content");
      out.writeBytes(("{\"" + first + "\":\"a").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(bad);
      out.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
      return new Body("invalid_utf8", out.toByteArray());
    });
  }

  private Arbitrary<Body> junk(Route r) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(bytes -> new Body("random_bytes", bytes));
  }
}
