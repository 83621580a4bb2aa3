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
  @ResponseFilter
  public void addHeaders(MutableHttpResponse<?> response) {
    PageSecurityHeaders.apply(response, "no-cache");
  }
}
