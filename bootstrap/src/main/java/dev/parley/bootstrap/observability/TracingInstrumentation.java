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
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.util.function.BiFunction;

/**
 * With tracing on, wraps the model, tool and webhook ports in their tracing decorators as the container creates them
 * (like {@link PortInstrumentation} does for metrics), so neither the use cases nor the adapters know about spans.
 */
public final class TracingInstrumentation {
  private TracingInstrumentation() {}

  abstract static class Tracing<T> implements BeanCreatedEventListener<T> {
    private final BeanProvider<OtelTracing> tracing;
    private final Class<? extends T> decorator;
    private final BiFunction<T, OtelTracing, T> decorate;

    Tracing(BeanProvider<OtelTracing> tracing, Class<? extends T> decorator, BiFunction<T, OtelTracing, T> decorate) {
      this.tracing = tracing;
      this.decorator = decorator;
      this.decorate = decorate;
    }

    @Override
    public T onCreated(BeanCreatedEvent<T> event) {
      T bean = event.getBean();
      return decorator.isInstance(bean) ? bean : decorate.apply(bean, tracing.get());
    }
  }

  @Singleton
  @Requires(property = "parley.tracing.enabled", value = "true")
  static final class LanguageModelTracing extends Tracing<LanguageModel> {
    LanguageModelTracing(BeanProvider<OtelTracing> tracing) {
      super(tracing, TracingLanguageModel.class, TracingLanguageModel::new);
    }
  }

  @Singleton
  @Requires(property = "parley.tracing.enabled", value = "true")
  static final class ToolExecutorTracing extends Tracing<ToolExecutor> {
    ToolExecutorTracing(BeanProvider<OtelTracing> tracing) {
      super(tracing, TracingToolExecutor.class, TracingToolExecutor::new);
    }
  }

  @Singleton
  @Requires(property = "parley.tracing.enabled", value = "true")
  static final class WebhookSenderTracing extends Tracing<WebhookSender> {
    WebhookSenderTracing(BeanProvider<OtelTracing> tracing) {
      super(tracing, TracingWebhookSender.class, TracingWebhookSender::new);
    }
  }
}
