package dev.parley.bootstrap.observability;

import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.port.out.WebhookSender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.util.function.BiFunction;

/**
 * Wraps the outbound ports in their metered decorators as the container creates them, so neither the use cases
 * nor the existing factories know about metrics. Each listener answers the decorated bean in place of the
 * original; everything that injects the port (by its interface) gets the decorated one. With metrics switched
 * off ({@code micronaut.metrics.enabled: false}) there is no {@link MeterRegistry} and nothing is wrapped.
 */
public final class PortInstrumentation {
  private PortInstrumentation() {}

  /** Answers {@code decorate(bean)} for each new bean of the port, unless it is already the decorator. */
  abstract static class Decorating<T> implements BeanCreatedEventListener<T> {
    private final BeanProvider<MeterRegistry> registry;
    private final Class<? extends T> decorator;
    private final BiFunction<T, MeterRegistry, T> decorate;

    Decorating(BeanProvider<MeterRegistry> registry, Class<? extends T> decorator, BiFunction<T, MeterRegistry, T> decorate) {
      this.registry = registry;
      this.decorator = decorator;
      this.decorate = decorate;
    }

    @Override
    public T onCreated(BeanCreatedEvent<T> event) {
      T bean = event.getBean();
      return decorator.isInstance(bean) ? bean : decorate.apply(bean, registry.get());
    }
  }

  @Singleton
  @Requires(beans = MeterRegistry.class)
  static final class LanguageModelMetrics extends Decorating<LanguageModel> {
    LanguageModelMetrics(BeanProvider<MeterRegistry> registry) {
      super(registry, MeteredLanguageModel.class, MeteredLanguageModel::new);
    }
  }

  @Singleton
  @Requires(beans = MeterRegistry.class)
  static final class ToolExecutorMetrics extends Decorating<ToolExecutor> {
    ToolExecutorMetrics(BeanProvider<MeterRegistry> registry) {
      super(registry, ObservedToolExecutor.class, ObservedToolExecutor::new);
    }
  }

  @Singleton
  @Requires(beans = MeterRegistry.class)
  static final class WebhookSenderMetrics extends Decorating<WebhookSender> {
    WebhookSenderMetrics(BeanProvider<MeterRegistry> registry) {
      super(registry, ObservedWebhookSender.class, ObservedWebhookSender::new);
    }
  }

  @Singleton
  @Requires(beans = MeterRegistry.class)
  static final class ActivityLogMetrics extends Decorating<ActivityLog> {
    ActivityLogMetrics(BeanProvider<MeterRegistry> registry) {
      super(registry, CountingActivityLog.class, CountingActivityLog::new);
    }
  }
}
