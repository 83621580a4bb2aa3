package dev.parley.bootstrap.wiring;

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

  /** The sockets' view of {@link dev.parley.bootstrap.web.DatabaseFailures}: an unreachable database is an outage. */
  @Singleton
  dev.parley.application.port.out.OutageDetector outageDetector() {
    return dev.parley.bootstrap.web.DatabaseFailures::isUnavailable;
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

  @Singleton
  LanguageModel languageModel(JsonMapper json, OutboundAddressPolicy policy, ScriptLimits scriptLimits,
                              @Value("${parley.openai.base-url:" + OpenAiSettings.DEFAULT_BASE_URL + "}") String baseUrl,
                              @Nullable @Value("${parley.openai.api-key:}") String apiKey,
                              @Value("${parley.openai.model:" + OpenAiSettings.DEFAULT_MODEL + "}") String model,
                              @Value("${parley.openai.connect-timeout:5s}") Duration connectTimeout,
                              @Value("${parley.openai.read-timeout:60s}") Duration readTimeout,
                              @Value("${parley.openai.max-retries:3}") int maxRetries) {
    OpenAiSettings settings = new OpenAiSettings(baseUrl, apiKey == null || apiKey.isBlank() ? null : apiKey, model,
        connectTimeout, readTimeout, maxRetries);
    return new RoutingLanguageModel(new ScriptedLanguageModel(scriptLimits), new OpenAiLanguageModel(json, settings, policy::check));
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
