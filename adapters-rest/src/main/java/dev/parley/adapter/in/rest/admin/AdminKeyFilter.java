package dev.parley.adapter.in.rest.admin;

import dev.parley.adapter.in.rest.error.Problem;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Checks the operator key before anything else happens on an operator route, the body's parsing included. A caller
 * without the right key, or any caller when no key is configured, gets exactly what an unknown route answers (404),
 * whatever the method and the body: nothing tells it that the operator API exists.
 */
@ServerFilter("/api/v1/admin/**")
public class AdminKeyFilter {
  /** The body Micronaut's router gives an unknown route, through ProblemErrorResponseProcessor. */
  static final String UNKNOWN_ROUTE_DETAIL = "Page Not Found";

  private final String adminKey;

  public AdminKeyFilter(@Value("${parley.admin-key:}") String adminKey) {
    this.adminKey = adminKey;
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> requireOperatorKey(HttpRequest<?> request) {
    if (AdminKey.matches(adminKey, request.getHeaders().get(AdminKey.HEADER))) return null;
    return unknownRoute();
  }

  static HttpResponse<?> unknownRoute() {
    return Problem.response(HttpStatus.NOT_FOUND, "not_found", UNKNOWN_ROUTE_DETAIL);
  }
}
