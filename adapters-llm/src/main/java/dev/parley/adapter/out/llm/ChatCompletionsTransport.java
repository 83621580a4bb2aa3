package dev.parley.adapter.out.llm;

import dev.parley.application.port.out.LanguageModel.ModelUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs to a model endpoint (Chat Completions or Messages) with timeouts and retries (429, 5xx and I/O errors, exponential back-off,
 * Retry-After honoured up to a cap), and turns a final failure into {@link ModelUnavailableException}.
 */
final class ChatCompletionsTransport {
  static final long MAX_BODY_CHARS = 8L << 20;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final int ERROR_DETAIL_CHARS = 300;

  /**
   * Where to send, the key to present there (null for none), and the check every attempt passes first (a retry
   * seconds later may find the host resolving elsewhere).
   */
  record Endpoint(URI uri, String apiKey, OpenAiLanguageModel.BaseUrlGuard guard, java.util.Map<String, String> headers,
                  String keyHeader) {
    Endpoint(URI uri, String apiKey, OpenAiLanguageModel.BaseUrlGuard guard) {
      this(uri, apiKey, guard, java.util.Map.of());
    }

    /** The key goes as a bearer token (Chat Completions). */
    Endpoint(URI uri, String apiKey, OpenAiLanguageModel.BaseUrlGuard guard, java.util.Map<String, String> headers) {
      this(uri, apiKey, guard, headers, null);
    }

    /** Throws {@link ModelUnavailableException} when the guard refuses the URL now. */
    void vet() {
      try {
        guard.check(uri);
      } catch (RuntimeException e) {
        throw new ModelUnavailableException("model.base_url refused: " + e.getMessage(), e);
      }
    }

    String describe() { // host and path only: never the key, nor credentials embedded in the URL
      return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getPath();
    }

    String scrub(String text) {
      if (text == null) return null;
      String result = apiKey == null ? text : text.replace(apiKey, "***");
      for (String value : headers.values()) if (value.length() >= 4) result = result.replace(value, "***");
      return result;
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Reads a successful response's lines. An IOException it throws is retried like a failed request. */
  interface BodyReader<T> {
    T read(LineQueue lines) throws IOException, InterruptedException;
  }

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxRetries;
  private final ModelHttpClients clients;

  ChatCompletionsTransport(Duration connectTimeout, Duration readTimeout, int maxRetries) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.maxRetries = maxRetries;
    this.clients = new ModelHttpClients(connectTimeout);
  }

  /** Sends a non-streaming request and returns the whole body, read within the read timeout. */
  String post(Endpoint endpoint, byte[] body) {
    return exchange(endpoint, body, false, lines -> {
      long deadline = System.nanoTime() + readTimeout.toNanos();
      StringBuilder text = new StringBuilder();
      for (String line; (line = lines.nextLine(remaining(deadline))) != null; ) {
        text.append(line).append('\n');
        if (text.length() > MAX_BODY_CHARS) throw new IOException("response body larger than " + MAX_BODY_CHARS + " characters");
      }
      return text.toString();
    });
  }

  /** Sends a request and hands a successful response to {@code reader}; only failures before the body are retried when streaming. */
  <T> T exchange(Endpoint endpoint, byte[] body, boolean stream, BodyReader<T> reader) {
    for (int attempt = 0; ; attempt++) {
      endpoint.vet(); // on every attempt, not once before the first
      LineQueue lines = null;
      try {
        ModelHttpClients.Response response = clients.send(endpoint.uri(), request(endpoint, stream), body, readTimeout);
        lines = response.lines();
        HttpResponse.ResponseInfo info = response.info();
        int status = info.statusCode();
        if (status / 100 == 2) return reader.read(lines);
        String detail = errorDetail(lines, endpoint);
        lines.cancel();
        boolean retryable = status == 429 || status >= 500;
        if (!retryable || attempt >= maxRetries)
          throw new ModelUnavailableException("model endpoint " + endpoint.describe() + " answered HTTP " + status
              + (retryable ? " after " + (attempt + 1) + " attempt(s)" : "") + detail, null);
        pause(backoff(attempt, retryAfter(info.headers())));
      } catch (IOException e) {
        if (lines != null) lines.cancel();
        if (attempt >= maxRetries)
          throw new ModelUnavailableException("model endpoint " + endpoint.describe() + " is unreachable after "
              + (attempt + 1) + " attempt(s): " + endpoint.scrub(describe(e)), e);
        pause(backoff(attempt, null));
      } catch (InterruptedException e) {
        if (lines != null) lines.cancel();
        Thread.currentThread().interrupt();
        throw new ModelUnavailableException("interrupted while waiting for model endpoint " + endpoint.describe(), e);
      } catch (RuntimeException e) {
        if (lines != null) lines.cancel();
        throw e;
      }
    }
  }

  private HttpRequest.Builder request(Endpoint endpoint, boolean stream) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.uri())
        .timeout(readTimeout) // until the response headers; the body is bounded by LineQueue
        .header("Content-Type", "application/json")
        .header("Accept", stream ? "text/event-stream" : "application/json");
    endpoint.headers().forEach(builder::header);
    if (endpoint.apiKey() != null) {
      if (endpoint.keyHeader() == null) builder.setHeader("Authorization", "Bearer " + endpoint.apiKey());
      else builder.setHeader(endpoint.keyHeader(), endpoint.apiKey()); // e.g. the Messages API's x-api-key
    }
    return builder;
  }

  /** A short, key-free excerpt of an error body, for the exception message. */
  private static String errorDetail(LineQueue lines, Endpoint endpoint) {
    StringBuilder text = new StringBuilder();
    try {
      Duration wait = Duration.ofSeconds(2);
      for (String line; text.length() < ERROR_DETAIL_CHARS && (line = lines.nextLine(wait)) != null; )
        text.append(line.strip()).append(' ');
    } catch (IOException e) {
      // the status says enough; the body is only a courtesy
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String detail = endpoint.scrub(text.toString().strip());
    if (detail.isEmpty()) return "";
    return ": " + (detail.length() > ERROR_DETAIL_CHARS ? detail.substring(0, ERROR_DETAIL_CHARS) + "..." : detail);
  }

  static Duration backoff(int attempt, Duration retryAfter) {
    Duration delay = retryAfter != null ? retryAfter : FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt, 10));
    return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
  }

  /** Retry-After in seconds; the HTTP-date form is rare on these APIs and falls back to the back-off. */
  static Duration retryAfter(HttpHeaders headers) {
    return headers.firstValue("Retry-After").map(String::strip).filter(v -> v.matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
  }

  private static void pause(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelUnavailableException("interrupted while waiting to retry the model endpoint", e);
    }
  }

  private Duration remaining(long deadlineNanos) throws java.net.http.HttpTimeoutException {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) throw new java.net.http.HttpTimeoutException("response not complete within " + readTimeout.toMillis() + " ms");
    return Duration.ofNanos(left);
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
