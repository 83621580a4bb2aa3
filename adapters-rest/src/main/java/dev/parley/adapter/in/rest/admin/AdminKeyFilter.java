package dev.parley.adapter.in.rest.admin;

import dev.parley.adapter.in.rest.auth.ApiKeyFilter;
import dev.parley.adapter.in.rest.error.Problem;
import dev.parley.application.port.out.RateLimiter;
import dev.parley.application.port.out.RateLimiter.Budget;
import dev.parley.application.policy.ClientAddresses;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The gate of the operator API, before anything else happens on an operator route (the body's parsing included).
 * <ul>
 *   <li>Rate limits per client address: {@code parley.rate-limit.admin-per-minute} requests, and the address's
 *       failed-credential budget (shared with the tenant API): once that is spent, 429 before the key is compared.</li>
 *   <li>The operator key: a caller without the right key, or any caller when no key is configured, gets exactly what an
 *       unknown route answers (404), whatever the method and the body — nothing tells it that the operator API exists
 *       — and the attempt is charged to its address's failed-credential budget.</li>
 * </ul>
 * One filter does both so that their order is fixed: the key is never compared for an address past its budget.
 */
@ServerFilter("/api/v1/admin/**")
public class AdminKeyFilter {
  /** The body Micronaut's router gives an unknown route, through ProblemErrorResponseProcessor. */
  static final String UNKNOWN_ROUTE_DETAIL = "Page Not Found";

  private final String adminKey;
  private final RateLimiter rateLimiter;
  private final ClientAddresses clientAddresses;

  public AdminKeyFilter(@Value("${parley.admin-key:}") String adminKey, RateLimiter rateLimiter,
                        ClientAddresses clientAddresses) {
    this.adminKey = adminKey;
    this.rateLimiter = rateLimiter;
    this.clientAddresses = clientAddresses;
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> requireOperatorKey(HttpRequest<?> request) {
    String address = RateLimiter.forAddress(ApiKeyFilter.clientAddress(request, clientAddresses));
    long retryAfter = rateLimiter.retryAfter(Budget.FAILED_CREDENTIALS, address);
    if (retryAfter == 0) retryAfter = rateLimiter.acquire(Budget.ADMIN, address);
    if (retryAfter > 0) return ApiKeyFilter.tooManyRequests(retryAfter);
    if (AdminKey.matches(adminKey, request.getHeaders().get(AdminKey.HEADER))) return null;
    rateLimiter.acquire(Budget.FAILED_CREDENTIALS, address);
    return unknownRoute();
  }

  static HttpResponse<?> unknownRoute() {
    return Problem.response(HttpStatus.NOT_FOUND, "not_found", UNKNOWN_ROUTE_DETAIL);
  }
}
