package dev.parley.adapter.in.rest.error;

import dev.parley.application.error.BusyException;
import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.application.error.SpendCapReachedException;
import dev.parley.application.error.TooManyTurnsException;
import dev.parley.application.error.UnauthorizedException;
import dev.parley.application.error.UnprocessableException;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.InvalidTransitionException;
import dev.parley.domain.session.SessionFinalException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Maps domain and application errors to problem+json: bad value 400, unknown 404, state conflict 409... */
public final class ApplicationExceptionHandlers {
  private ApplicationExceptionHandlers() {}

  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class InvalidValue implements ExceptionHandler<InvalidValueException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, InvalidValueException e) {
      return Problem.response(HttpStatus.BAD_REQUEST, "invalid_value", e.getMessage(), e.field());
    }
  }

  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class NotFound implements ExceptionHandler<NotFoundException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, NotFoundException e) {
      return Problem.response(HttpStatus.NOT_FOUND, "not_found", e.getMessage());
    }
  }

  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class Conflict implements ExceptionHandler<ConflictException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, ConflictException e) {
      return Problem.response(HttpStatus.CONFLICT, e.code(), e.getMessage());
    }
  }

  /** 429 spend_cap_reached: a model turn over a spend cap of its chat, agent or tenant (docs/providers.md). */
  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class SpendCapReached implements ExceptionHandler<SpendCapReachedException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, SpendCapReachedException e) {
      return Problem.response(HttpStatus.TOO_MANY_REQUESTS, e.code(), e.getMessage());
    }
  }

  /** 429 too_many_turns with Retry-After: the instance runs parley.limits.turns-in-flight turns; nothing was done. */
  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class TooManyTurns implements ExceptionHandler<TooManyTurnsException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, TooManyTurnsException e) {
      return Problem.response(HttpStatus.TOO_MANY_REQUESTS, e.code(), e.getMessage())
          .header("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
  }

  /** 409 conversation_busy with Retry-After: the chat's busy policy refuses messages while a turn runs. */
  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class Busy implements ExceptionHandler<BusyException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, BusyException e) {
      return Problem.response(HttpStatus.CONFLICT, e.code(), e.getMessage())
          .header("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
  }

  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class InvalidTransition implements ExceptionHandler<InvalidTransitionException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, InvalidTransitionException e) {
      return Problem.response(HttpStatus.CONFLICT, e.code(), e.getMessage());
    }
  }

  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class SessionFinal implements ExceptionHandler<SessionFinalException, HttpResponse<?>> {
    /** The REST name of "the chat has ended", for every way an answer leaves (responses and event streams). */
    public static final String CODE = "chat_final";

    @Override
    public HttpResponse<?> handle(HttpRequest request, SessionFinalException e) {
      return Problem.response(HttpStatus.CONFLICT, CODE, e.getMessage());
    }
  }

  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class Unprocessable implements ExceptionHandler<UnprocessableException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, UnprocessableException e) {
      return Problem.response(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency_key_reused", e.getMessage());
    }
  }

  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class Unauthorized implements ExceptionHandler<UnauthorizedException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, UnauthorizedException e) {
      return Problem.response(HttpStatus.UNAUTHORIZED, "unauthorized", e.getMessage());
    }
  }

  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  public static class TooLarge implements ExceptionHandler<PayloadTooLargeException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, PayloadTooLargeException e) {
      return Problem.response(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", e.getMessage(), e.field());
    }
  }
}
