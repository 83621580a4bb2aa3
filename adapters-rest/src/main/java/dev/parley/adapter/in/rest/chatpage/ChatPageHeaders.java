package dev.parley.adapter.in.rest.chatpage;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Security headers of the chat page ({@code /chat/}): scripts, styles and connections only from the server itself
 * (the page's WebSocket goes to the same origin; no inline script or style is allowed), no framing, no referrer —
 * the page may be opened with {@code ?token=} — and no content-type sniffing.
 */
@ServerFilter({"/", "/chat", "/chat/**"})
public class ChatPageHeaders {
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  @ResponseFilter
  public void addHeaders(MutableHttpResponse<?> response) {
    response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.header("X-Content-Type-Options", "nosniff");
    response.header("Referrer-Policy", "no-referrer");
    response.header("X-Frame-Options", "DENY");
    response.header("Cache-Control", "no-cache");
  }
}
