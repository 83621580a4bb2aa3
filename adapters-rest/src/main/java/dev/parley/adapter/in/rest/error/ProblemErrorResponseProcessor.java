package dev.parley.adapter.in.rest.error;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the framework's own errors (malformed JSON, wrong types, unknown routes, unsupported media types,
 * oversized bodies) into problem+json, so every error a client sees has one shape.
 */
@Primary
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Map<String, Object>> {
  /** Signs of a message written for developers: class or package names, parser and conversion wording. */
  private static final java.util.regex.Pattern INTERNAL_WORDS = java.util.regex.Pattern.compile(
      "\\$|Exception|Failed to convert|Jackson|StreamReadFeature|io\\.micronaut|java\\.|dev\\.parley|Serde");

  @Override
  @NonNull
  public MutableHttpResponse<Map<String, Object>> processResponse(@NonNull ErrorContext context,
                                                                   @NonNull MutableHttpResponse<?> response) {
    HttpStatus status = response.getStatus();
    String detail = context.getErrors().stream().map(Error::getMessage).findFirst().orElse(status.getReason());
    String field = context.getErrors().stream().map(Error::getPath).flatMap(java.util.Optional::stream).findFirst().orElse(null);
    if (status.getCode() >= 500) detail = "the server could not complete the request"; // never leak internals
    String code = status.getReason().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    if (status == HttpStatus.BAD_REQUEST) {
      // A body that could not be read: name the field, in our words (the framework's name classes and parsers).
      var explained = context.getRootCause().flatMap(BodyReadErrors::explain);
      if (explained.isPresent()) {
        field = explained.get().field();
        detail = explained.get().detail();
        code = explained.get().code();
      } else if (detail != null && detail.startsWith("Required Body")) {
        field = "";
        detail = "a JSON body is required";
      } else if (detail != null && INTERNAL_WORDS.matcher(detail).find()) {
        detail = "the request is not valid"; // a framework message we do not know: its words are not for clients
      }
      if (field == null || field.equals("/body")) field = ""; // no better place known: the request as a whole
    }
    @SuppressWarnings("unchecked")
    MutableHttpResponse<Map<String, Object>> problem = (MutableHttpResponse<Map<String, Object>>) response;
    return problem.body(Problem.body(status, code, detail, field)).contentType(Problem.MEDIA_TYPE);
  }
}
