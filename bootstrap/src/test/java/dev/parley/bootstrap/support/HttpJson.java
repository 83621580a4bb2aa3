package dev.parley.bootstrap.support;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small real HTTP client for tests: sends JSON, answers status, headers and parsed JSON. */
public final class HttpJson {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String apiKey;
  private final boolean checkRequests;

  public HttpJson(URI base, String apiKey) {
    this(base, apiKey, true);
  }

  private HttpJson(URI base, String apiKey, boolean checkRequests) {
    this.base = base;
    this.apiKey = apiKey;
    this.checkRequests = checkRequests;
  }

  public HttpJson withKey(String otherKey) {
    return new HttpJson(base, otherKey, checkRequests);
  }

  /**
   * A client whose requests are not held to the OpenAPI document even when the server accepts them (a test of the
   * server's leniency); the answers still are. Every client checks both by default (see {@link OpenApiTraffic}).
   */
  public HttpJson unvalidatedRequest() {
    return new HttpJson(base, apiKey, false);
  }

  public URI base() {
    return base;
  }

  /** An HTTP answer. */
  public record Response(int status, Map<String, List<String>> headers, String body) {
    public Map<String, Object> json() {
      return asMap(parse(body));
    }

    public Object parsed() {
      return parse(body);
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream())
          .findFirst().orElse(null);
    }

    public String contentType() {
      return header("content-type");
    }
  }

  public Response get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Response post(String path, Object body) {
    return send("POST", path, body, Map.of());
  }

  public Response post(String path, Object body, Map<String, String> headers) {
    return send("POST", path, body, headers);
  }

  public Response put(String path, Object body) {
    return send("PUT", path, body, Map.of());
  }

  public Response delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  /**
   * The status of a body-less request whose answer may be an endless stream (a live feed): read when the headers
   * arrive, the body dropped unread.
   */
  public int statusOnly(String method, String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (apiKey != null) b.header("X-API-Key", apiKey);
    try {
      HttpResponse<java.io.InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      r.body().close();
      return r.statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends {@code body} as is if it is a String (raw JSON, possibly malformed), else serialized. */
  public Response send(String method, String path, Object body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    Map<String, String> sent = new LinkedHashMap<>();
    if (apiKey != null) sent.put("X-API-Key", apiKey);
    if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) sent.put("Content-Type", "application/json");
    sent.putAll(headers);
    sent.forEach(b::header);
    String payload = body == null ? null : body instanceof String s ? s : write(body);
    b.method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
    try {
      HttpRequest request = b.build();
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      OpenApiTraffic.servedBy(base).check(method, request.uri(), sent, payload, checkRequests, r.statusCode(),
          r.headers().map(), r.body());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Object parse(String body) {
    if (body == null || body.isBlank()) return null;
    try {
      return JSON.readValue(body, Argument.OBJECT_ARGUMENT);
    } catch (IOException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  public static List<Object> asList(Object value) {
    return value instanceof List<?> l ? (List<Object>) l : List.of();
  }
}
