package dev.parley.adapter.in.rest.consolepage;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Security headers of the operator console ({@code /console/}): scripts, styles and connections only from the server
 * itself (no inline script or style; the API key travels in a header of same-origin fetches, never in the address),
 * no framing (the console acts with an admin or operator key), no referrer, no sniffing, and no caching of the pages.
 */
@ServerFilter({"/console", "/console/**"})
public class ConsolePageHeaders {
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  @ResponseFilter
  public void addHeaders(MutableHttpResponse<?> response) {
    response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.header("X-Content-Type-Options", "nosniff");
    response.header("Referrer-Policy", "no-referrer");
    response.header("X-Frame-Options", "DENY");
    response.header("Cache-Control", "no-store");
  }
}
