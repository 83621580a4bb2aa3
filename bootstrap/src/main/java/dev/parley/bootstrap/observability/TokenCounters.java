package dev.parley.bootstrap.observability;

import dev.parley.application.port.out.UsageMeter;
import dev.parley.domain.session.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;

/**
 * {@code parley.model.tokens} (Prometheus {@code parley_model_tokens_total}): tokens by tenant, provider (connection
 * name), model and type ({@code input}, {@code output}, {@code cached_input}). Tenants and their connections are
 * few per server; a model name a provider invents is cut to 100 characters.
 */
public final class TokenCounters implements UsageMeter {
  static final String TOKENS = "parley.model.tokens";
  private final MeterRegistry registry;

  public TokenCounters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void count(UUID tenantId, String provider, String model, Usage usage) {
    String m = model == null ? "unknown" : model.length() > 100 ? model.substring(0, 100) : model;
    add(tenantId, provider, m, "input", usage.inputTokens());
    add(tenantId, provider, m, "output", usage.outputTokens());
    add(tenantId, provider, m, "cached_input", usage.cachedInputTokens());
  }

  private void add(UUID tenantId, String provider, String model, String type, long tokens) {
    Counter.builder(TOKENS).description("Tokens used by model calls").baseUnit("tokens")
        .tag("tenant", tenantId.toString()).tag("provider", provider).tag("model", model).tag("type", type)
        .register(registry).increment(tokens);
  }
}
