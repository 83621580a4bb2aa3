package dev.parley.bootstrap.wiring;

import dev.parley.adapter.out.llm.AnthropicLanguageModel;
import dev.parley.adapter.out.llm.OpenAiLanguageModel;
import dev.parley.adapter.out.llm.OpenAiSettings;
import dev.parley.adapter.out.llm.RoutingLanguageModel;
import dev.parley.adapter.out.llm.ScriptLimits;
import dev.parley.adapter.out.llm.ScriptedLanguageModel;
import dev.parley.adapter.out.webhooks.HmacWebhookSender;
import dev.parley.adapter.out.webhooks.HttpToolExecutor;
import dev.parley.adapter.out.webhooks.OutboundAddressPolicy;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.port.out.WebhookSender;
import dev.parley.domain.provider.ProviderConnection;
import dev.parley.application.tracing.TraceHeaders;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/** Wires the driven adapters that are plain classes: model providers, tool calls and webhook delivery. */
@Factory
public class AdapterFactory {

  /** The sockets' view of {@link dev.parley.adapter.out.persistence.DatabaseFailures}: an unreachable database is an outage. */
  @Singleton
  dev.parley.application.port.out.OutageDetector outageDetector() {
    return dev.parley.adapter.out.persistence.DatabaseFailures::isUnavailable;
  }

  @Singleton
  OutboundAddressPolicy outboundAddressPolicy(@Value("${parley.outbound.allow-loopback:false}") boolean allowLoopback,
                                              @Value("${parley.outbound.allow-private:false}") boolean allowPrivate,
                                              @Value("${parley.outbound.allowed:[]}") List<String> allowed) {
    return new OutboundAddressPolicy(allowLoopback, allowPrivate, allowed);
  }

  @Singleton
  ScriptLimits scriptLimits(@Value("${parley.scripted.max-pattern-chars:1000}") int maxPatternChars,
                            @Value("${parley.scripted.max-program-size:5000}") int maxProgramSize,
                            @Value("${parley.scripted.match-budget:20000000}") long matchBudget,
                            @Value("${parley.scripted.pattern-cache-weight:200000}") long cacheWeight) {
    return new ScriptLimits(maxPatternChars, maxProgramSize, matchBudget, cacheWeight);
  }

  /** The server-wide {@code PARLEY_OPENAI_*} settings: the built-in {@code openai} connection. */
  @Singleton
  OpenAiSettings openAiSettings(@Nullable @Value("${parley.openai.base-url:}") String baseUrl, // blank: the default
                                @Nullable @Value("${parley.openai.api-key:}") String apiKey,
                                @Value("${parley.openai.model:" + OpenAiSettings.DEFAULT_MODEL + "}") String model,
                                @Value("${parley.openai.connect-timeout:5s}") Duration connectTimeout,
                                @Value("${parley.openai.read-timeout:60s}") Duration readTimeout,
                                @Value("${parley.openai.max-retries:3}") int maxRetries) {
    return new OpenAiSettings(baseUrl, apiKey == null || apiKey.isBlank() ? null : apiKey, model, connectTimeout,
        readTimeout, maxRetries);
  }

  /**
   * Scripted agents, the built-in openai connection, and tenants' own connections — each made on first use with the
   * server's timeouts, its base URL vetted by the outbound policy before every call.
   */
  @Singleton
  LanguageModel languageModel(JsonMapper json, OutboundAddressPolicy policy, ScriptLimits scriptLimits, OpenAiSettings openAi) {
    return new RoutingLanguageModel(new ScriptedLanguageModel(scriptLimits), new OpenAiLanguageModel(json, openAi, policy::check),
        connection -> connectionModel(json, policy, openAi, connection));
  }

  private static LanguageModel connectionModel(JsonMapper json, OutboundAddressPolicy policy, OpenAiSettings server,
                                               ProviderConnection connection) {
    int retries = connection.maxRetries() == null ? server.maxRetries() : connection.maxRetries();
    OpenAiSettings settings = new OpenAiSettings(connection.baseUrl(), connection.apiKey(),
        connection.defaultModel() == null ? server.defaultModel() : connection.defaultModel(), server.connectTimeout(),
        server.readTimeout(), retries, connection.headers());
    return switch (connection.kind()) {
      case OPENAI -> OpenAiLanguageModel.forTenantConnection(json, settings, policy::check);
      case ANTHROPIC -> new AnthropicLanguageModel(json, settings, policy::check);
    };
  }

  @Singleton
  ToolExecutor toolExecutor(JsonMapper json, OutboundAddressPolicy policy, TraceHeaders trace,
                            @Value("${parley.tools.max-response-bytes:262144}") int maxResponseBytes) {
    return new HttpToolExecutor(json, policy, maxResponseBytes, trace);
  }

  @Singleton
  WebhookSender webhookSender(JsonMapper json, OutboundAddressPolicy policy, TraceHeaders trace,
                              @Value("${parley.webhooks.timeout:10s}") Duration timeout) {
    return new HmacWebhookSender(json, policy, timeout, trace);
  }
}
