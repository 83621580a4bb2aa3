package dev.parley.adapter.in.rest.consolepage;

import dev.parley.adapter.in.rest.chatpage.PageSecurityHeaders;
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
  @ResponseFilter
  public void addHeaders(MutableHttpResponse<?> response) {
    PageSecurityHeaders.apply(response, "no-store");
  }
}
