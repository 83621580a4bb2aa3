package dev.parley.adapter.in.rest.auth;

import dev.parley.application.error.UnauthorizedException;
import io.micronaut.http.HttpRequest;
import java.util.UUID;

/** The authenticated tenant of a request (and an operator key's person), as the API-key filter left them. */
public final class Caller {
  public static final String TENANT_ATTRIBUTE = "parley.tenant";
  public static final String KEY_ATTRIBUTE = "parley.key";
  public static final String OPERATOR_ATTRIBUTE = "parley.operator";

  private Caller() {}

  public static UUID tenant(HttpRequest<?> request) {
    return request.getAttribute(TENANT_ATTRIBUTE, UUID.class)
        .orElseThrow(() -> new UnauthorizedException("an API key is required"));
  }

  /** The person an operator key speaks as; empty for other keys and operator keys without one. */
  public static java.util.Optional<dev.parley.domain.session.Message.Author> operator(HttpRequest<?> request) {
    return request.getAttribute(OPERATOR_ATTRIBUTE, dev.parley.domain.session.Message.Author.class);
  }

  /** A non-secret name of the API key that made the request (a prefix of its hash), for audit records. */
  public static String keyId(HttpRequest<?> request) {
    return request.getAttribute(KEY_ATTRIBUTE, String.class).orElse("unknown");
  }
}
