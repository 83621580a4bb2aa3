package dev.parley.domain.agent;

import dev.parley.domain.common.InvalidValueException;
import java.net.URI;
import java.net.URISyntaxException;

/** Checks that a configured URL is an absolute http(s) URL with a host. */
public final class HttpUrl {
  private HttpUrl() {}

  public static String requireAbsoluteHttp(String field, String url) {
    InvalidValueException.requireNonBlank(field, url);
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null)
        throw new InvalidValueException(field, field + " must be an absolute http(s) URL");
      return url;
    } catch (URISyntaxException e) {
      throw new InvalidValueException(field, field + " is not a valid URL: " + e.getReason());
    }
  }
}
