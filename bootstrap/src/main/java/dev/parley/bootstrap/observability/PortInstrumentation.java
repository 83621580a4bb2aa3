package dev.parley.bootstrap.observability;

import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.port.out.WebhookSender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Wraps the outbound ports in their metered decorators as the container creates them ({@link PortDecorator}), so
 * neither the use cases nor the existing factories know about metrics. With metrics switched
 * off ({@code micronaut.metrics.enabled: false}) there is no {@link MeterRegistry} and nothing is wrapped.
 */
public final class PortInstrumentation {
  private PortInstrumentation() {}

  @Singleton
  @Requires(beans = MeterRegistry.class)
  static final class LanguageModelMetrics extends PortDecorator<LanguageModel, MeterRegistry> {
    LanguageModelMetrics(BeanProvider<MeterRegistry> registry) {
      super(registry, MeteredLanguageModel.class, MeteredLanguageModel::new);
    }
  }

  @Singleton
  @Requires(beans = MeterRegistry.class)
  static final class ToolExecutorMetrics extends PortDecorator<ToolExecutor, MeterRegistry> {
    ToolExecutorMetrics(BeanProvider<MeterRegistry> registry) {
      super(registry, ObservedToolExecutor.class, ObservedToolExecutor::new);
    }
  }

  @Singleton
  @Requires(beans = MeterRegistry.class)
  static final class WebhookSenderMetrics extends PortDecorator<WebhookSender, MeterRegistry> {
    WebhookSenderMetrics(BeanProvider<MeterRegistry> registry) {
      super(registry, ObservedWebhookSender.class, ObservedWebhookSender::new);
    }
  }

  @Singleton
  @Requires(beans = MeterRegistry.class)
  static final class ActivityLogMetrics extends PortDecorator<ActivityLog, MeterRegistry> {
    ActivityLogMetrics(BeanProvider<MeterRegistry> registry) {
      super(registry, CountingActivityLog.class, CountingActivityLog::new);
    }
  }
}
