package dev.parley.adapter.in.rest.auth;

import dev.parley.application.error.UnauthorizedException;
import io.micronaut.http.HttpRequest;
import java.util.UUID;

/** The authenticated tenant of a request, as the API-key filter left it. */
public final class Caller {
  public static final String TENANT_ATTRIBUTE = "parley.tenant";

  private Caller() {}

  public static UUID tenant(HttpRequest<?> request) {
    return request.getAttribute(TENANT_ATTRIBUTE, UUID.class)
        .orElseThrow(() -> new UnauthorizedException("an API key is required"));
  }
}
