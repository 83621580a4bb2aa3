package dev.parley.bootstrap.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks one HTTP exchange against the OpenAPI document the server itself serves at /swagger/parley-0.1.yml, with
 * Atlassian's swagger-request-validator. Every answer under /api/ must match the document (status documented, body
 * matching its schema). A request is checked too whenever the server accepted it (2xx): the document must not refuse
 * what the server takes. A request the server refused (4xx) is not held to the document — tests send those on
 * purpose — but the refusal itself (the problem answer) is. A {@code text/event-stream} answer's events are checked
 * against the data schema the document names for each event ({@link SseContract}).
 */
public final class OpenApiTraffic {
  private static final Map<String, OpenApiInteractionValidator> BY_DOCUMENT = new ConcurrentHashMap<>();
  private static final Map<URI, OpenApiTraffic> BY_SERVER = new ConcurrentHashMap<>();
  private static final Map<String, SseContract> STREAMS = new ConcurrentHashMap<>();
  private final OpenApiInteractionValidator validator;
  private final SseContract streams;

  private OpenApiTraffic(OpenApiInteractionValidator validator, SseContract streams) {
    this.validator = validator;
    this.streams = streams;
  }

  /** The checker for the document served by the server at {@code base} (parsed once per distinct document). */
  public static OpenApiTraffic servedBy(URI base) {
    return BY_SERVER.computeIfAbsent(base, OpenApiTraffic::load);
  }

  private static OpenApiTraffic load(URI base) {
    String document = fetch(base.resolve("/swagger/parley-0.1.yml"));
    return new OpenApiTraffic(BY_DOCUMENT.computeIfAbsent(document,
        d -> OpenApiInteractionValidator.createForInlineApiSpecification(d).build()),
        STREAMS.computeIfAbsent(document, SseContract::of));
  }

  /** Throws an AssertionError naming every way the exchange differs from the document. */
  public void check(String method, URI uri, Map<String, String> requestHeaders, String requestBody, boolean checkRequest,
                    int status, Map<String, List<String>> responseHeaders, String responseBody) {
    if (!uri.getPath().startsWith("/api/")) return;
    if (uri.getPath().endsWith("/log-context")) return; // LogContextProbe: a route of the test sources, not of the API
    Request.Method m = Request.Method.valueOf(method);
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
    responseHeaders.forEach((name, values) -> response.withHeader(name, values));
    if (responseBody != null && !responseBody.isEmpty()) response.withBody(responseBody);
    ValidationReport report = validator.validateResponse(uri.getPath(), m, response.build());
    boolean unknownRoute = report.getMessages().stream().anyMatch(msg -> msg.getKey().equals("validation.request.path.missing")
        || msg.getKey().equals("validation.request.operation.notAllowed"));
    if (unknownRoute && (status == 404 || status == 405)) return; // a route the API does not have, answered as such
    if (checkRequest && status >= 200 && status < 300) {
      SimpleRequest.Builder request = new SimpleRequest.Builder(m, uri.getRawPath());
      requestHeaders.forEach(request::withHeader);
      if (uri.getRawQuery() != null) {
        for (String pair : uri.getRawQuery().split("&")) {
          int eq = pair.indexOf('=');
          String name = decode(eq < 0 ? pair : pair.substring(0, eq));
          request.withQueryParam(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
      }
      if (requestBody != null) request.withBody(requestBody);
      report = report.merge(validator.validateRequest(request.build()));
    }
    List<String> events = status >= 200 && status < 300 && isEventStream(responseHeaders)
        ? streams.violations(method, uri.getPath(), responseBody == null ? "" : responseBody) : List.of();
    if (report.hasErrors() || !events.isEmpty()) {
      String problems = java.util.stream.Stream.concat(report.getMessages().stream()
              .filter(msg -> msg.getLevel() == ValidationReport.Level.ERROR).map(msg -> msg.getKey() + ": " + msg.getMessage()),
              events.stream().map(e -> "sse: " + e))
          .map(p -> "  - " + p).distinct().collect(Collectors.joining("\n"));
      throw new AssertionError("The exchange " + method + " " + uri.getRawPath() + " -> " + status
          + " does not match the served OpenAPI document:\n" + problems + "\nresponse body: " + abbreviate(responseBody)
          + (checkRequest ? "\nrequest body: " + abbreviate(requestBody) : ""));
    }
  }

  /** A server-sent event stream: its events are checked against the data schema the document names for each. */
  private static boolean isEventStream(Map<String, List<String>> headers) {
    return headers.entrySet().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("content-type")
        && h.getValue().stream().anyMatch(v -> v.startsWith("text/event-stream")));
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s == null ? "(none)" : s.length() > 600 ? s.substring(0, 600) + "..." : s;
  }

  /** The body of a GET of {@code uri}, which must answer 200. */
  static String fetch(URI uri) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IllegalStateException("no document at " + uri + ": " + r.statusCode());
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
