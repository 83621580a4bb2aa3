package dev.parley.adapter.in.rest.auth;

import dev.parley.adapter.in.rest.error.Problem;
import dev.parley.application.error.UnauthorizedException;
import dev.parley.application.policy.ApiKeyScope;
import dev.parley.application.policy.ApiKeys;
import dev.parley.application.policy.ClientAddresses;
import dev.parley.application.policy.WebTokens;
import dev.parley.application.port.in.AuthenticateApiKeyUseCase;
import dev.parley.application.port.out.RateLimiter;
import dev.parley.application.port.out.RateLimiter.Budget;
import dev.parley.application.port.out.TenantRepository.KeyGrant;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.HexFormat;

/**
 * Authenticates every tenant API call by {@code X-API-Key} or {@code Authorization: Bearer}. The operator API and
 * the sockets carry their own credentials and are left alone. Keys are never logged.
 *
 * <p>A key is known valid before its own budget is charged: a made-up key has no bucket of its own to exhaust.
 * Missing and wrong keys are charged to the client address instead
 * ({@code parley.rate-limit.failed-credentials-per-minute}); once that is spent the address gets 429 before any key
 * of it is looked up.
 *
 * <p>The key's scope is enforced here, the one place, from {@link ScopeRules}: 403 insufficient_scope otherwise.
 */
// Socket paths are excluded by the pattern, not only in the method: a filter that runs on another thread during a
// WebSocket upgrade lets the client's first frame reach the HTTP pipeline (micronaut-core#11252).
@ServerFilter(value = "/api/v1/(?!ws/).*", patternStyle = io.micronaut.http.filter.FilterPatternStyle.REGEX)
public class ApiKeyFilter {
  private final AuthenticateApiKeyUseCase authenticate;
  private final RateLimiter rateLimiter;
  private final ClientAddresses clientAddresses;

  public ApiKeyFilter(AuthenticateApiKeyUseCase authenticate, RateLimiter rateLimiter, ClientAddresses clientAddresses) {
    this.authenticate = authenticate;
    this.rateLimiter = rateLimiter;
    this.clientAddresses = clientAddresses;
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @io.micronaut.core.annotation.Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    String path = request.getPath();
    if (path.startsWith("/api/v1/admin") || path.startsWith("/api/v1/ws/")) return null;
    boolean aiSdk = path.startsWith("/api/v1/ai-sdk/");
    if (aiSdk && request.getMethod() == io.micronaut.http.HttpMethod.OPTIONS) return null; // CORS preflight: no credentials
    String address = RateLimiter.forAddress(clientAddress(request, clientAddresses));
    String key = keyOf(request);
    if (key == null) return failedAttempt(address, "an API key is required (X-API-Key or Authorization: Bearer)");
    if (WebTokens.isWebToken(key)) { // a page's public token is no guess at a key: limited like any request, no lookup
      long retryAfter = rateLimiter.acquire(address);
      if (retryAfter > 0) return tooManyRequests(retryAfter);
      if (aiSdk) return null; // the AI SDK chat checks the token and its origins itself (browsers' useChat)
      return unauthorized(
          "a web integration token opens only the webCall socket and the AI SDK chat; the REST API takes an API key");
    }
    long blocked = rateLimiter.retryAfter(Budget.FAILED_CREDENTIALS, address);
    if (blocked > 0) return tooManyRequests(blocked); // before the lookup: wrong keys cost no more database reads
    byte[] hash = ApiKeys.hash(key); // once: the key's rate-limit bucket and its lookup
    KeyGrant grant;
    try {
      grant = authenticate.grantFor(key, hash);
    } catch (UnauthorizedException e) {
      return failedAttempt(address, e.getMessage());
    }
    long retryAfter = rateLimiter.acquire(RateLimiter.forApiKeyHash(hash));
    if (retryAfter > 0) return tooManyRequests(retryAfter);
    ApiKeyScope needed = ScopeRules.required(request.getMethodName(), path);
    if (!grant.scope().covers(needed)) return Problem.response(HttpStatus.FORBIDDEN, "insufficient_scope",
        "this route needs an API key of scope " + needed.wireName() + "; this key has scope " + grant.scope().wireName());
    request.setAttribute(Caller.TENANT_ATTRIBUTE, grant.tenantId());
    if (grant.scope() == ApiKeyScope.OPERATOR && grant.operator() != null)
      request.setAttribute(Caller.OPERATOR_ATTRIBUTE, grant.operator());
    request.setAttribute(Caller.KEY_ATTRIBUTE, "key:" + HexFormat.of().formatHex(hash, 0, 6)); // 12 hex digits
    return null;
  }

  /** The client's address as {@link ClientAddresses} sees it (forwarding headers only from trusted proxies). */
  public static String clientAddress(HttpRequest<?> request, ClientAddresses clientAddresses) {
    return clientAddresses.clientAddress(request.getRemoteAddress().getAddress(), request.getHeaders()::getAll);
  }

  /** A missing or wrong credential: charged to the client address; 401, or 429 once the address has spent its budget. */
  private HttpResponse<?> failedAttempt(String address, String message) {
    long retryAfter = rateLimiter.acquire(Budget.FAILED_CREDENTIALS, address);
    return retryAfter > 0 ? tooManyRequests(retryAfter) : unauthorized(message);
  }

  private static HttpResponse<?> unauthorized(String message) {
    return Problem.response(HttpStatus.UNAUTHORIZED, "unauthorized", message).header("WWW-Authenticate", "Bearer");
  }

  /** 429 with Retry-After, as every rate limit of the REST API answers. */
  public static MutableHttpResponse<?> tooManyRequests(long retryAfter) {
    return Problem.response(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "too many requests; retry after " + retryAfter + " s")
        .header("Retry-After", String.valueOf(retryAfter));
  }

  static String keyOf(HttpRequest<?> request) {
    String key = request.getHeaders().get("X-API-Key");
    if (key != null && !key.isBlank()) return key.trim();
    String authorization = request.getHeaders().getAuthorization().orElse(null);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return authorization.substring(7).trim();
    return null;
  }
}
