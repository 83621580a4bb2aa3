package dev.parley.adapter.in.rest.auth;

import dev.parley.adapter.in.rest.error.Problem;
import dev.parley.application.error.UnauthorizedException;
import dev.parley.application.service.ApiKeys;
import dev.parley.application.service.AuthenticateApiKey;
import dev.parley.application.service.RateLimiter;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Authenticates every tenant API call by {@code X-API-Key} or {@code Authorization: Bearer}. The operator API and
 * the sockets carry their own credentials and are left alone. Keys are never logged.
 */
// Socket paths are excluded by the pattern, not only in the method: a filter that runs on another thread during a
// WebSocket upgrade lets the client's first frame reach the HTTP pipeline (micronaut-core#11252).
@ServerFilter(value = "/api/v1/(?!ws/).*", patternStyle = io.micronaut.http.filter.FilterPatternStyle.REGEX)
public class ApiKeyFilter {
  private final AuthenticateApiKey authenticate;
  private final RateLimiter rateLimiter;

  public ApiKeyFilter(AuthenticateApiKey authenticate, RateLimiter rateLimiter) {
    this.authenticate = authenticate;
    this.rateLimiter = rateLimiter;
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @io.micronaut.core.annotation.Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    String path = request.getPath();
    if (path.startsWith("/api/v1/admin") || path.startsWith("/api/v1/ws/")) return null;
    String key = keyOf(request);
    byte[] hash = key == null ? null : ApiKeys.hash(key); // once: the rate limiter's bucket and the key lookup
    String caller = hash != null ? RateLimiter.forApiKeyHash(hash)
        : RateLimiter.forAddress(request.getRemoteAddress().getAddress().getHostAddress());
    long retryAfter = rateLimiter.acquire(caller);
    if (retryAfter > 0)
      return Problem.response(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "too many requests; retry after " + retryAfter + " s")
          .header("Retry-After", String.valueOf(retryAfter));
    try {
      UUID tenantId = authenticate.tenantFor(key, hash);
      request.setAttribute(Caller.TENANT_ATTRIBUTE, tenantId);
      request.setAttribute(Caller.KEY_ATTRIBUTE, "key:" + HexFormat.of().formatHex(hash, 0, 6)); // 12 hex digits
      return null;
    } catch (UnauthorizedException e) {
      return Problem.response(HttpStatus.UNAUTHORIZED, "unauthorized", e.getMessage())
          .header("WWW-Authenticate", "Bearer");
    }
  }

  static String keyOf(HttpRequest<?> request) {
    String key = request.getHeaders().get("X-API-Key");
    if (key != null && !key.isBlank()) return key.trim();
    String authorization = request.getHeaders().getAuthorization().orElse(null);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return authorization.substring(7).trim();
    return null;
  }
}
