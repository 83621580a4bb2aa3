package dev.parley.adapter.out.webhooks;

import dev.parley.application.port.out.WebhookSender;
import io.micronaut.json.JsonMapper;
import dev.parley.application.tracing.TraceHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/** Delivers one completion webhook: a JSON POST signed with HMAC-SHA256 ({@link WebhookSignature}). */
public final class HmacWebhookSender implements WebhookSender {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final JsonMapper json;
  private final OutboundAddressPolicy policy;
  private final Duration timeout;
  private final TraceHeaders trace;
  private final Supplier<HttpClient> client = OutboundHttp.lazyClient();

  public HmacWebhookSender(JsonMapper json, OutboundAddressPolicy policy) {
    this(json, policy, DEFAULT_TIMEOUT);
  }

  public HmacWebhookSender(JsonMapper json, OutboundAddressPolicy policy, Duration timeout) {
    this(json, policy, timeout, TraceHeaders.NONE);
  }

  /** A sender whose requests carry the current trace ({@code traceparent}) from {@code trace}. */
  public HmacWebhookSender(JsonMapper json, OutboundAddressPolicy policy, Duration timeout, TraceHeaders trace) {
    this.trace = trace;
    if (timeout == null || timeout.isNegative() || timeout.isZero())
      throw new IllegalArgumentException("webhook timeout must be positive");
    this.json = json;
    this.policy = policy;
    this.timeout = timeout;
  }

  @Override
  public Result send(String url, String secret, String eventId, Map<String, Object> payload) {
    if (url == null || url.isBlank()) return new Result(400, "no webhook URL");
    // A secret that holds no usable value (stored before blank secrets were refused) must not send the event
    // unsigned: dead-lettered, it can be replayed once the agent has a real secret (replays sign with the current one).
    if (secret != null && WebhookSignature.secrets(secret).isEmpty())
      return new Result(400, "the webhook secret is blank: set a secret on the agent, then replay");
    URI uri;
    try {
      uri = URI.create(url);
      policy.check(uri);
    } catch (OutboundAddressPolicy.UnresolvableHostException e) {
      return new Result(null, e.getMessage()); // DNS may recover: worth retrying
    } catch (OutboundAddressPolicy.RefusedException e) {
      // Retrying a refused address for 72 h cannot help, and Result.retryable() retries any missing status; so a
      // 400 makes the outbox dead-letter it at once (it can be replayed once the configuration allows the address).
      return new Result(400, "refused by outbound policy: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return new Result(400, "invalid webhook URL");
    }
    byte[] body;
    try {
      body = json.writeValueAsBytes(payload); // serialized once: the signature covers exactly these bytes
    } catch (IOException e) {
      return new Result(400, "payload could not be written as JSON: " + e.getMessage());
    }
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(uri);
    } catch (IllegalArgumentException e) { // e.g. a port out of range
      return new Result(400, "invalid webhook URL");
    }
    request.timeout(timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", "Parley")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (eventId != null) request.header("Parley-Event-Id", eventId);
    trace.current().forEach(request::header);
    if (!WebhookSignature.secrets(secret).isEmpty())
      request.header("Parley-Signature", WebhookSignature.header(secret, Instant.now().getEpochSecond(), body));
    try {
      // Only the status matters: the body stream is closed unread, so a huge or endless answer costs nothing.
      HttpResponse<InputStream> response = OutboundHttp.send(client.get(), request.build(), HttpResponse.BodyHandlers.ofInputStream(), timeout);
      closeQuietly(response.body());
      return new Result(response.statusCode(), null);
    } catch (IOException e) {
      return new Result(null, OutboundHttp.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(null, "interrupted");
    } catch (RuntimeException e) { // the outbox expects an answer, not an exception; a later attempt may succeed
      return new Result(null, "failed: " + e);
    }
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException ignored) { // the status is already known; the unread rest does not matter
    }
  }
}
