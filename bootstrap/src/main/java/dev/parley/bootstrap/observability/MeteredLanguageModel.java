package dev.parley.bootstrap.observability;

import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.ModelRoute;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.session.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decorates the {@link LanguageModel} port with meters, so the framework-free core never sees Micrometer:
 * <ul>
 *   <li>{@code parley.model.calls} (timer, histogram): provider ({@code scripted}/{@code openai}), operation
 *       ({@code complete}/{@code stream}/{@code analyze}), outcome ({@code ok}/{@code error});</li>
 *   <li>{@code parley.model.errors} (counter): provider, operation, error (the exception's simple class name).</li>
 * </ul>
 * Tags are bounded sets: no tenant, agent or model name (those would grow without limit).
 */
public final class MeteredLanguageModel implements LanguageModel {
  static final String CALLS = "parley.model.calls";
  static final String ERRORS = "parley.model.errors";

  private final LanguageModel delegate;
  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public MeteredLanguageModel(LanguageModel delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  @Override
  public ModelReply complete(ModelRequest request) {
    return timed(provider(request.agent()), "complete", () -> delegate.complete(request));
  }

  @Override
  public ModelReply stream(ModelRequest request, Consumer<String> sink) {
    return timed(provider(request.agent()), "stream", () -> delegate.stream(request, sink));
  }

  @Override
  public Analysis analyze(AgentDefinition agent, ModelRoute route, List<Message> transcript, String finalReason) {
    return timed(provider(agent), "analyze", () -> delegate.analyze(agent, route, transcript, finalReason));
  }

  @Override
  public List<String> validate(AgentDefinition agent) {
    return delegate.validate(agent); // local checks only: not a model call
  }

  private <T> T timed(String provider, String operation, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      T result = call.get();
      timer(provider, operation, "ok").record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      return result;
    } catch (RuntimeException | Error e) {
      timer(provider, operation, "error").record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      Counter.builder(ERRORS).description("Language model calls that failed (after the provider's own retries)")
          .tag("provider", provider).tag("operation", operation).tag("error", e.getClass().getSimpleName())
          .register(registry).increment();
      throw e;
    }
  }

  private Timer timer(String provider, String operation, String outcome) {
    return timers.computeIfAbsent(provider + '|' + operation + '|' + outcome, k -> Timer.builder(CALLS)
        .description("Language model calls: one round of a turn, a streamed round, or a post-call analysis")
        .tag("provider", provider).tag("operation", operation).tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry));
  }

  /** The built-in names as they are; a tenant's connections (named by tenants, unbounded) as one value. */
  private static String provider(AgentDefinition agent) {
    if (agent == null || agent.model() == null) return "unknown";
    String provider = agent.model().provider();
    return provider.equals("scripted") || provider.equals("openai") ? provider : "connection";
  }
}
