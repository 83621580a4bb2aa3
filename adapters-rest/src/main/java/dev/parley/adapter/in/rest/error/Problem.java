package dev.parley.adapter.in.rest.error;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds RFC 9457 problem+json answers. {@code code} is a stable machine-readable name; {@code field} names bad input
 * as a JSON Pointer into the body ({@code /messages/0/role}; a query parameter or header as {@code /take}).
 */
public final class Problem {
  public static final String MEDIA_TYPE = "application/problem+json";

  private Problem() {}

  public static Map<String, Object> body(HttpStatus status, String code, String detail, String field) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "https://parley.dev/problems/" + code);
    problem.put("title", status.getReason());
    problem.put("status", status.getCode());
    problem.put("detail", detail);
    problem.put("code", code);
    if (field != null) {
      field = pointer(field);
      problem.put("field", field);
      problem.put("errors", List.of(Map.of("field", field, "message", detail)));
    }
    return problem;
  }

  /**
   * {@code field} as a JSON Pointer: the use cases name fields as on the wire, with dots and indexes
   * ({@code messages[0].role}); a name that already is a pointer ("" or starting with "/") is kept.
   */
  static String pointer(String field) {
    if (field.isEmpty() || field.startsWith("/")) return field;
    StringBuilder out = new StringBuilder(field.length() + 4);
    for (String part : field.replace("[", ".").replace("]", "").split("\\.")) {
      if (!part.isEmpty()) out.append('/').append(part.replace("~", "~0").replace("/", "~1"));
    }
    return out.toString();
  }

  public static MutableHttpResponse<Map<String, Object>> response(HttpStatus status, String code, String detail, String field) {
    return HttpResponse.<Map<String, Object>>status(status).body(body(status, code, detail, field)).contentType(MEDIA_TYPE);
  }

  public static MutableHttpResponse<Map<String, Object>> response(HttpStatus status, String code, String detail) {
    return response(status, code, detail, null);
  }
}
