package dev.parley.adapter.in.rest.admin;

import dev.parley.adapter.in.rest.auth.ApiKeyFilter;
import dev.parley.application.port.out.RateLimiter;
import dev.parley.application.port.out.RateLimiter.Budget;
import dev.parley.application.service.ClientAddresses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Rate limits of the operator API, per client address: {@code parley.rate-limit.admin-per-minute} requests, and
 * wrong or missing operator keys (answered 401 by {@link AdminController}) charged to the address's failed-credential
 * budget, shared with the tenant API: once it is spent the address gets 429 before its key is compared.
 */
@ServerFilter("/api/v1/admin/**")
public class AdminRateLimitFilter {
  private final RateLimiter rateLimiter;
  private final ClientAddresses clientAddresses;

  public AdminRateLimitFilter(RateLimiter rateLimiter, ClientAddresses clientAddresses) {
    this.rateLimiter = rateLimiter;
    this.clientAddresses = clientAddresses;
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> limit(HttpRequest<?> request) {
    String address = address(request);
    long retryAfter = rateLimiter.retryAfter(Budget.FAILED_CREDENTIALS, address);
    if (retryAfter == 0) retryAfter = rateLimiter.acquire(Budget.ADMIN, address);
    return retryAfter > 0 ? ApiKeyFilter.tooManyRequests(retryAfter) : null;
  }

  @ResponseFilter
  public void chargeFailedKeys(HttpRequest<?> request, HttpResponse<?> response) {
    if (response.status() == HttpStatus.UNAUTHORIZED) rateLimiter.acquire(Budget.FAILED_CREDENTIALS, address(request));
  }

  private String address(HttpRequest<?> request) {
    return RateLimiter.forAddress(ApiKeyFilter.clientAddress(request, clientAddresses));
  }
}
