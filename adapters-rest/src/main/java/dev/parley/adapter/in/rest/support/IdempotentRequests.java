package dev.parley.adapter.in.rest.support;

import dev.parley.application.error.ConflictException;
import dev.parley.application.error.UnprocessableException;
import dev.parley.application.port.in.IdempotentRequestsUseCase;
import dev.parley.application.port.out.IdempotencyStore;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.common.Sha256;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code Idempotency-Key} header on creating POSTs: the first answer is stored and replayed to retries;
 * the same key with another body is 422; a duplicate while the first still runs is 409. In-flight records carry
 * a lease so a crashed server never blocks a key.
 */
@Singleton
public class IdempotentRequests {
  public static final String HEADER = "Idempotency-Key";
  private static final int MAX_TURN_KEY = 128;

  private final IdempotentRequestsUseCase answers;
  private final JsonMapper json;

  public IdempotentRequests(IdempotentRequestsUseCase answers, JsonMapper json) {
    this.answers = answers;
    this.json = json;
  }

  /**
   * The header's key as the turn's own idempotency key (kept with the turn's messages in one transaction), so a
   * retry after a crash between the turn's commit and the header record's completion replays instead of running
   * the turn twice. Null without a header; a key longer than a turn key allows is hashed.
   */
  public static String turnKey(HttpRequest<?> request) {
    String key = request.getHeaders().get(HEADER);
    if (key == null || key.isBlank()) return null;
    return key.length() <= MAX_TURN_KEY ? key : "sha256:" + Sha256.hex(key);
  }

  public HttpResponse<?> run(HttpRequest<?> request, UUID tenantId, Object body, Supplier<MutableHttpResponse<?>> action) {
    return run(request, tenantId, body, answer -> null, false, action);
  }

  /**
   * Like {@link #run(HttpRequest, UUID, Object, Supplier)} for a request about a chat: {@code chatOf} names the chat of
   * an answer's body, and the stored answer is erased with that chat (it holds conversation text).
   */
  public HttpResponse<?> runForChat(HttpRequest<?> request, UUID tenantId, Object body, Function<Object, UUID> chatOf,
                                    Supplier<MutableHttpResponse<?>> action) {
    return run(request, tenantId, body, chatOf, false, action);
  }

  /**
   * Like {@link #run(HttpRequest, UUID, Object, Supplier)} for an answer holding a secret shown once (a web
   * integration token): only a hash of the key is stored, and the answer is stored encrypted under the key itself
   * ({@link SealedAnswer}), so the database alone never yields the secret.
   */
  public HttpResponse<?> runWithSecretAnswer(HttpRequest<?> request, UUID tenantId, Object body, Supplier<MutableHttpResponse<?>> action) {
    return run(request, tenantId, body, answer -> null, true, action);
  }

  private HttpResponse<?> run(HttpRequest<?> request, UUID tenantId, Object body, Function<Object, UUID> chatOf, boolean secret,
                              Supplier<MutableHttpResponse<?>> action) {
    String key = request.getHeaders().get(HEADER);
    if (key == null || key.isBlank()) return action.get();
    if (key.length() > 255) throw new InvalidValueException(HEADER, "Idempotency-Key must be at most 255 characters");
    String scope = request.getMethodName() + " " + request.getPath();
    String storedKey = secret ? "sha256:" + Sha256.hex(key) : key;
    String sealingSecret = tenantId + "\n" + scope + "\n" + key;
    byte[] hash = Sha256.of(scope + "\n" + write(body));
    IdempotencyStore.Claim claim = answers.claim(tenantId, scope, storedKey, hash);
    if (claim instanceof IdempotencyStore.Completed done) {
      String answer = secret ? SealedAnswer.open(done.body(), sealingSecret) : done.body();
      MutableHttpResponse<String> replay = HttpResponse.<String>status(io.micronaut.http.HttpStatus.valueOf(done.status()))
          .body(answer).contentType(MediaType.APPLICATION_JSON_TYPE).header("Idempotent-Replayed", "true");
      if (done.location() != null) replay.header(HttpHeaders.LOCATION, done.location());
      return replay;
    }
    if (claim instanceof IdempotencyStore.Mismatch)
      throw new UnprocessableException("Idempotency-Key '" + key + "' was already used with a different request body");
    if (claim instanceof IdempotencyStore.InFlight)
      throw new ConflictException("idempotency_in_flight", "a request with Idempotency-Key '" + key + "' is still running");
    try {
      MutableHttpResponse<?> response = action.get();
      String answer = write(response.body());
      answers.complete(tenantId, scope, storedKey, response.code(), secret ? SealedAnswer.seal(answer, sealingSecret) : answer,
          response.getHeaders().get(HttpHeaders.LOCATION), response.body() == null ? null : chatOf.apply(response.body()));
      return response;
    } catch (RuntimeException e) {
      answers.release(tenantId, scope, storedKey); // a failed request may be retried with the same key
      throw e;
    }
  }

  private String write(Object value) {
    try {
      return value == null ? "null" : json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
