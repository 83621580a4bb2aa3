package dev.parley.adapter.in.rest.error;

import dev.parley.application.error.InvalidStateException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A stateless state that cannot be used (malformed, altered, foreign, expired, not matching the history): 400. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public class InvalidStateHandler implements ExceptionHandler<InvalidStateException, HttpResponse<?>> {
  @Override
  public HttpResponse<?> handle(HttpRequest request, InvalidStateException e) {
    return Problem.response(HttpStatus.BAD_REQUEST, e.code(), e.getMessage(), e.field());
  }
}
