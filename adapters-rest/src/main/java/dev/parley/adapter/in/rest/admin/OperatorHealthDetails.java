package dev.parley.adapter.in.rest.admin;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.bind.ArgumentBinder;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.security.Principal;
import java.util.Optional;

/**
 * Shows {@code /health}'s details (the JDBC URL, the database version, disk space) to the operator only. The health
 * endpoint shows details to an authenticated caller ({@code endpoints.health.details-visible: AUTHENTICATED}); this
 * binder makes the caller authenticated exactly when it presents the operator key ({@code X-Admin-Key}). Everyone
 * else, probes included, gets the status alone.
 */
@Singleton
public class OperatorHealthDetails implements TypedRequestArgumentBinder<Principal> {
  private static final Principal OPERATOR = () -> "operator";

  private final String adminKey;

  public OperatorHealthDetails(@Value("${parley.admin-key:}") String adminKey) {
    this.adminKey = adminKey;
  }

  @Override
  public Argument<Principal> argumentType() {
    return Argument.of(Principal.class);
  }

  @Override
  public BindingResult<Principal> bind(ArgumentConversionContext<Principal> context, HttpRequest<?> request) {
    if (!AdminKey.matches(adminKey, request.getHeaders().get(AdminKey.HEADER))) return ArgumentBinder.BindingResult.empty();
    return () -> Optional.of(OPERATOR);
  }
}
