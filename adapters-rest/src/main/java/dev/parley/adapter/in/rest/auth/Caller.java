package dev.parley.adapter.in.rest.auth;

import dev.parley.application.error.UnauthorizedException;
import io.micronaut.http.HttpRequest;
import java.util.UUID;

/** The authenticated tenant of a request, as the API-key filter left it. */
public final class Caller {
  public static final String TENANT_ATTRIBUTE = "parley.tenant";
  public static final String KEY_ATTRIBUTE = "parley.key";

  private Caller() {}

  public static UUID tenant(HttpRequest<?> request) {
    return request.getAttribute(TENANT_ATTRIBUTE, UUID.class)
        .orElseThrow(() -> new UnauthorizedException("an API key is required"));
  }

  /** A non-secret name of the API key that made the request (a prefix of its hash), for audit records. */
  public static String keyId(HttpRequest<?> request) {
    return request.getAttribute(KEY_ATTRIBUTE, String.class).orElse("unknown");
  }
}
