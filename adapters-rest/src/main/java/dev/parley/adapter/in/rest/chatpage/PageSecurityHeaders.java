package dev.parley.adapter.in.rest.chatpage;

import io.micronaut.http.MutableHttpResponse;

/**
 * The security headers every page the server ships carries (the chat page, the operator console): scripts, styles,
 * images and connections only from the server itself, no inline script or style, no framing, no referrer, no
 * content-type sniffing. Only how long a page may be cached differs between them.
 */
public final class PageSecurityHeaders {
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private PageSecurityHeaders() {}

  public static void apply(MutableHttpResponse<?> response, String cacheControl) {
    response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.header("X-Content-Type-Options", "nosniff");
    response.header("Referrer-Policy", "no-referrer");
    response.header("X-Frame-Options", "DENY");
    response.header("Cache-Control", cacheControl);
  }
}
