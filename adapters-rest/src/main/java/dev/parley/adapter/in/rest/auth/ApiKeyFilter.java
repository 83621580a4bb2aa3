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
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

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
  /** Longer keys are refused by {@link AuthenticateApiKeyUseCase#grantFor}; they never reach the cache. */
  private static final int MAX_KEY_LENGTH = 512;
  private final AuthenticateApiKeyUseCase authenticate;
  private final RateLimiter rateLimiter;
  private final ClientAddresses clientAddresses;
  private final ExecutorService blocking;

  public ApiKeyFilter(AuthenticateApiKeyUseCase authenticate, RateLimiter rateLimiter, ClientAddresses clientAddresses,
                      @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.authenticate = authenticate;
    this.blocking = blocking;
    this.rateLimiter = rateLimiter;
    this.clientAddresses = clientAddresses;
  }

  /**
   * Runs on the event loop. A key whose grant is cached (every key after its first request, while decision 0007's
   * cache is trusted) is settled here without a thread hop; any other request moves to the blocking executor, where a
   * lookup may read the database. Same checks, same order, same answers either way (decision 0021).
   *
   * <p>The future answers the request to go on with, or fails with {@link Refused} carrying the answer: Micronaut
   * 4.10 drops a filter chain whose future completes later with {@code null} (a 503 with no body), so "go on" is never
   * {@code null} here.
   */
  @RequestFilter
  public CompletableFuture<HttpRequest<?>> authenticate(HttpRequest<?> request) {
    String path = request.getPath();
    if (path.startsWith("/api/v1/admin") || path.startsWith("/api/v1/ws/")) return CompletableFuture.completedFuture(request);
    boolean aiSdk = path.startsWith("/api/v1/ai-sdk/");
    if (aiSdk && request.getMethod() == io.micronaut.http.HttpMethod.OPTIONS) // CORS preflight: no credentials
      return CompletableFuture.completedFuture(request);
    String key = keyOf(request);
    if (key != null && !WebTokens.isWebToken(key) && key.length() <= MAX_KEY_LENGTH) {
      byte[] hash = ApiKeys.hash(key); // once: the key's rate-limit bucket and its lookup
      KeyGrant known = authenticate.knownGrant(hash).orElse(null);
      if (known != null) {
        // as below: an address past its failed-credentials budget is refused even with a valid key
        long blocked = rateLimiter.retryAfter(Budget.FAILED_CREDENTIALS, RateLimiter.forAddress(clientAddress(request, clientAddresses)));
        return settled(request, blocked > 0 ? tooManyRequests(blocked) : admit(request, hash, known));
      }
    }
    CompletableFuture<HttpRequest<?>> answer = new CompletableFuture<>();
    // the propagated context (log ids, trace) goes along, as @ExecuteOn would take it
    blocking.execute(PropagatedContext.wrapCurrent((Runnable) () -> {
      try {
        HttpResponse<?> refused = authenticateBlocking(request);
        if (refused == null) answer.complete(request);
        else answer.completeExceptionally(new Refused(refused));
      } catch (Throwable e) { // a database outage: its own handler answers 503, as when this filter threw
        answer.completeExceptionally(e);
      }
    }));
    return answer;
  }

  private static CompletableFuture<HttpRequest<?>> settled(HttpRequest<?> request, @io.micronaut.core.annotation.Nullable HttpResponse<?> refused) {
    return refused == null ? CompletableFuture.completedFuture(request) : CompletableFuture.failedFuture(new Refused(refused));
  }

  private @io.micronaut.core.annotation.Nullable HttpResponse<?> authenticateBlocking(HttpRequest<?> request) {
    boolean aiSdk = request.getPath().startsWith("/api/v1/ai-sdk/");
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
    byte[] hash = ApiKeys.hash(key);
    KeyGrant grant;
    try {
      grant = authenticate.grantFor(key, hash);
    } catch (UnauthorizedException e) {
      return failedAttempt(address, e.getMessage());
    }
    return admit(request, hash, grant);
  }

  /** A valid key: its own budget, its scope, then the caller's identity for the route. */
  private @io.micronaut.core.annotation.Nullable HttpResponse<?> admit(HttpRequest<?> request, byte[] hash, KeyGrant grant) {
    long retryAfter = rateLimiter.acquire(RateLimiter.forApiKeyHash(hash));
    if (retryAfter > 0) return tooManyRequests(retryAfter);
    ApiKeyScope needed = ScopeRules.required(request.getMethodName(), request.getPath());
    if (!grant.scope().covers(needed)) return Problem.response(HttpStatus.FORBIDDEN, "insufficient_scope",
        "this route needs an API key of scope " + needed.wireName() + "; this key has scope " + grant.scope().wireName());
    request.setAttribute(Caller.TENANT_ATTRIBUTE, grant.tenantId());
    if (grant.scope() == ApiKeyScope.OPERATOR && grant.operator() != null)
      request.setAttribute(Caller.OPERATOR_ATTRIBUTE, grant.operator());
    request.setAttribute(Caller.KEY_ATTRIBUTE, "key:" + HexFormat.of().formatHex(hash, 0, 6)); // 12 hex digits
    return null;
  }

  /** The filter's refusal (401, 403, 429), answered as it is by {@link RefusedHandler}. No stack trace: it is no error. */
  public static final class Refused extends RuntimeException {
    private final transient HttpResponse<?> answer;

    Refused(HttpResponse<?> answer) {
      super("refused by the API-key filter: " + answer.code(), null, false, false);
      this.answer = answer;
    }
  }

  /** Sends the refusal the filter settled on. */
  @jakarta.inject.Singleton
  @io.micronaut.http.annotation.Produces(Problem.MEDIA_TYPE)
  public static final class RefusedHandler implements io.micronaut.http.server.exceptions.ExceptionHandler<Refused, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, Refused refused) {
      return refused.answer;
    }
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
