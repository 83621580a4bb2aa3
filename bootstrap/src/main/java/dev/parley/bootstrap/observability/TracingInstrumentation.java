package dev.parley.bootstrap.observability;

import dev.parley.adapter.out.tracing.OtelTracing;
import dev.parley.adapter.out.tracing.TracingLanguageModel;
import dev.parley.adapter.out.tracing.TracingToolExecutor;
import dev.parley.adapter.out.tracing.TracingWebhookSender;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.port.out.WebhookSender;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * With tracing on, wraps the model, tool and webhook ports in their tracing decorators as the container creates them
 * ({@link PortDecorator}, as {@link PortInstrumentation} does for metrics), so neither the use cases nor the adapters
 * know about spans.
 */
public final class TracingInstrumentation {
  private TracingInstrumentation() {}

  @Singleton
  @Requires(property = "parley.tracing.enabled", value = "true")
  static final class LanguageModelTracing extends PortDecorator<LanguageModel, OtelTracing> {
    LanguageModelTracing(BeanProvider<OtelTracing> tracing) {
      super(tracing, TracingLanguageModel.class, TracingLanguageModel::new);
    }
  }

  @Singleton
  @Requires(property = "parley.tracing.enabled", value = "true")
  static final class ToolExecutorTracing extends PortDecorator<ToolExecutor, OtelTracing> {
    ToolExecutorTracing(BeanProvider<OtelTracing> tracing) {
      super(tracing, TracingToolExecutor.class, TracingToolExecutor::new);
    }
  }

  @Singleton
  @Requires(property = "parley.tracing.enabled", value = "true")
  static final class WebhookSenderTracing extends PortDecorator<WebhookSender, OtelTracing> {
    WebhookSenderTracing(BeanProvider<OtelTracing> tracing) {
      super(tracing, TracingWebhookSender.class, TracingWebhookSender::new);
    }
  }
}
