package dev.parley.adapter.in.ws;

import dev.parley.application.port.out.RateLimiter;
import dev.parley.application.port.out.RateLimiter.Budget;
import dev.parley.domain.webchat.WebIntegration;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * What a webCall socket may open. The browser holds a public token that serves every visitor of a site, so opens are
 * counted per client address ({@code parley.rate-limit.chat-opens-per-minute}) and per web integration
 * ({@code parley.rate-limit.chat-opens-per-token-per-minute}); a missing or wrong token is a failed credential of
 * the address, like a wrong API key; and the {@code additionalData} a browser sends is capped
 * ({@code parley.webchat.max-additional-data-bytes}).
 */
@Singleton
public class WebChatOpenLimits {
  /** Why an open was refused; {@code closes}: the socket is closed after the error frame. */
  record Refusal(String code, String message, boolean closes) {}

  private final RateLimiter limiter;
  private final int maxAdditionalDataBytes;

  public WebChatOpenLimits(RateLimiter limiter,
                           @Value("${parley.webchat.max-additional-data-bytes:8192}") int maxAdditionalDataBytes) {
    this.limiter = limiter;
    this.maxAdditionalDataBytes = maxAdditionalDataBytes;
  }

  /** Before the token is looked up: an address that spent its failed-credential budget is refused. */
  Refusal beforeAuthentication(String caller) {
    long retryAfter = limiter.retryAfter(Budget.FAILED_CREDENTIALS, caller);
    return retryAfter > 0 ? rateLimited("too many connections with a missing or wrong token", retryAfter) : null;
  }

  /** The token was refused with {@code code}: a missing or wrong one is charged to the client address. */
  void tokenRefused(String caller, String code) {
    if (code.equals(WebCallErrors.MISSING_TOKEN) || code.equals(WebCallErrors.INVALID_TOKEN))
      limiter.acquire(Budget.FAILED_CREDENTIALS, caller);
  }

  /**
   * An {@code initialize} about to open (or resume) a chat. {@code additionalDataJson}: the request's additionalData
   * as JSON, or null. Null when admitted; one token is then taken from the address's and the integration's budget.
   */
  Refusal admitOpen(String caller, WebIntegration integration, String additionalDataJson) {
    if (additionalDataJson != null) {
      int bytes = additionalDataJson.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > maxAdditionalDataBytes)
        return new Refusal(WebCallErrors.ADDITIONAL_DATA_TOO_LARGE, "request.additionalData is " + bytes
            + " bytes of JSON; the limit is " + maxAdditionalDataBytes + " (parley.webchat.max-additional-data-bytes)", false);
    }
    long retryAfter = limiter.acquire(Budget.CHAT_OPENS_PER_ADDRESS, caller);
    if (retryAfter > 0) return rateLimited("too many chats opened from this address", retryAfter);
    retryAfter = limiter.acquire(Budget.CHAT_OPENS_PER_TOKEN, RateLimiter.forWebIntegration(integration.id()));
    if (retryAfter > 0) return rateLimited("too many chats opened with this web integration", retryAfter);
    return null;
  }

  private static Refusal rateLimited(String why, long retryAfter) {
    return new Refusal(WebCallErrors.RATE_LIMITED, why + "; connect again after " + retryAfter + " s", true);
  }
}
