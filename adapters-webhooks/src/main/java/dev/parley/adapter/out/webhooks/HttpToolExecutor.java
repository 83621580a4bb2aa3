package dev.parley.adapter.out.webhooks;

import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.tracing.TraceHeaders;
import dev.parley.domain.agent.ToolDefinition;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** Runs a server tool by POSTing its call to the tool's webhook and answering the parsed JSON response. */
public final class HttpToolExecutor implements ToolExecutor {
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

  private final JsonMapper json;
  private final OutboundAddressPolicy policy;
  private final int maxResponseBytes;
  private final TraceHeaders trace;
  private final Supplier<HttpClient> client = OutboundHttp.lazyClient();

  public HttpToolExecutor(JsonMapper json, OutboundAddressPolicy policy) {
    this(json, policy, DEFAULT_MAX_RESPONSE_BYTES);
  }

  public HttpToolExecutor(JsonMapper json, OutboundAddressPolicy policy, int maxResponseBytes) {
    this(json, policy, maxResponseBytes, TraceHeaders.NONE);
  }

  /** An executor whose calls carry the current trace ({@code traceparent}) from {@code trace}. */
  public HttpToolExecutor(JsonMapper json, OutboundAddressPolicy policy, int maxResponseBytes, TraceHeaders trace) {
    this.trace = trace;
    if (maxResponseBytes <= 0) throw new IllegalArgumentException("maxResponseBytes must be positive");
    this.json = json;
    this.policy = policy;
    this.maxResponseBytes = maxResponseBytes;
  }

  @Override
  public Object execute(ToolDefinition tool, Object arguments, ToolContext context) {
    String name = tool.name();
    if (tool.webhook() == null) return ToolExecutor.errorResult("tool " + name + " has no webhook");
    Duration timeout = Duration.ofMillis(tool.webhook().timeoutMs());
    try {
      URI uri = URI.create(tool.webhook().url());
      policy.check(uri);
      byte[] payload;
      try {
        payload = json.writeValueAsBytes(requestBody(name, arguments, context));
      } catch (IOException e) {
        return ToolExecutor.errorResult("tool " + name + " failed: its arguments could not be written as JSON");
      }
      HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
          .timeout(timeout)
          .header("Content-Type", "application/json")
          .header("User-Agent", "Parley")
          .header("Parley-Tool", name)
          .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
      trace.current().forEach(builder::header);
      String secret = tool.webhook().secret();
      if (secret != null && WebhookSignature.secrets(secret).isEmpty()) // stored before blank secrets were refused
        return ToolExecutor.errorResult("tool " + name + " failed: its webhook secret is blank (never sent unsigned)");
      if (secret != null) // same scheme as completion webhooks, so one verifier serves both
        builder.header("Parley-Signature", WebhookSignature.header(secret, System.currentTimeMillis() / 1000, payload));
      HttpRequest request = builder.build();
      HttpResponse<byte[]> response = OutboundHttp.send(client.get(), request, BoundedBodySubscriber.handler(maxResponseBytes), timeout);
      int status = response.statusCode();
      if (status < 200 || status > 299) {
        String hint = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
        return ToolExecutor.errorResult("tool " + name + " failed: webhook answered HTTP " + status + hint);
      }
      return parse(response.body());
    } catch (OutboundAddressPolicy.RefusedException e) {
      return ToolExecutor.errorResult("tool " + name + " failed: " + e.getMessage());
    } catch (IllegalArgumentException e) { // a malformed URL
      return ToolExecutor.errorResult("tool " + name + " failed: invalid webhook URL");
    } catch (IOException e) {
      String reason = OutboundHttp.describe(e);
      if (reason.equals("timeout")) reason = "no answer within " + timeout.toMillis() + " ms";
      return ToolExecutor.errorResult("tool " + name + " failed: " + reason);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolExecutor.errorResult("tool " + name + " failed: interrupted");
    } catch (RuntimeException e) { // the port promises never to throw for a failed call
      return ToolExecutor.errorResult("tool " + name + " failed: " + e.getClass().getSimpleName());
    }
  }

  private static Map<String, Object> requestBody(String name, Object arguments, ToolContext context) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tool", name);
    body.put("arguments", arguments == null ? Map.of() : arguments);
    body.put("chat_id", text(context == null ? null : context.chatId()));
    body.put("call_id", text(context == null ? null : context.callId()));
    body.put("agent_id", text(context == null ? null : context.agentId()));
    return body;
  }

  private static String text(UUID id) {
    return id == null ? null : id.toString();
  }

  /** JSON becomes maps, lists and values; anything else is handed to the model as text. */
  private Object parse(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isBlank()) return text;
    try {
      Object value = json.readValue(body, Argument.OBJECT_ARGUMENT);
      return value != null ? value : text;
    } catch (IOException | RuntimeException e) {
      return text;
    }
  }
}
