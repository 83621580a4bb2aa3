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

/**
 * Wraps the outbound ports in their metered decorators as the container creates them, so neither the use cases
 * nor the existing factories know about metrics. Each listener answers the decorated bean in place of the
 * original; everything that injects the port (by its interface) gets the decorated one. With metrics switched
 * off ({@code micronaut.metrics.enabled: false}) there is no {@link MeterRegistry} and nothing is wrapped.
 */
public final class PortInstrumentation {
  private PortInstrumentation() {}

  @Singleton
  @Requires(beans = MeterRegistry.class)
  static final class LanguageModelMetrics implements BeanCreatedEventListener<LanguageModel> {
    private final BeanProvider<MeterRegistry> registry;

    LanguageModelMetrics(BeanProvider<MeterRegistry> registry) {
      this.registry = registry;
    }

    @Override
    public LanguageModel onCreated(BeanCreatedEvent<LanguageModel> event) {
      LanguageModel bean = event.getBean();
      return bean instanceof MeteredLanguageModel ? bean : new MeteredLanguageModel(bean, registry.get());
    }
  }

  @Singleton
  @Requires(beans = MeterRegistry.class)
  static final class ToolExecutorMetrics implements BeanCreatedEventListener<ToolExecutor> {
    private final BeanProvider<MeterRegistry> registry;

    ToolExecutorMetrics(BeanProvider<MeterRegistry> registry) {
      this.registry = registry;
    }

    @Override
    public ToolExecutor onCreated(BeanCreatedEvent<ToolExecutor> event) {
      ToolExecutor bean = event.getBean();
      return bean instanceof ObservedToolExecutor ? bean : new ObservedToolExecutor(bean, registry.get());
    }
  }

  @Singleton
  @Requires(beans = MeterRegistry.class)
  static final class WebhookSenderMetrics implements BeanCreatedEventListener<WebhookSender> {
    private final BeanProvider<MeterRegistry> registry;

    WebhookSenderMetrics(BeanProvider<MeterRegistry> registry) {
      this.registry = registry;
    }

    @Override
    public WebhookSender onCreated(BeanCreatedEvent<WebhookSender> event) {
      WebhookSender bean = event.getBean();
      return bean instanceof ObservedWebhookSender ? bean : new ObservedWebhookSender(bean, registry.get());
    }
  }

  @Singleton
  @Requires(beans = MeterRegistry.class)
  static final class ActivityLogMetrics implements BeanCreatedEventListener<ActivityLog> {
    private final BeanProvider<MeterRegistry> registry;

    ActivityLogMetrics(BeanProvider<MeterRegistry> registry) {
      this.registry = registry;
    }

    @Override
    public ActivityLog onCreated(BeanCreatedEvent<ActivityLog> event) {
      ActivityLog bean = event.getBean();
      return bean instanceof CountingActivityLog ? bean : new CountingActivityLog(bean, registry.get());
    }
  }
}
