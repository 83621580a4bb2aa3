package dev.parley.bootstrap.observability;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import java.util.function.BiFunction;

/**
 * Answers {@code decorate(bean, service)} in place of each new bean of an outbound port, unless the bean already is
 * that decorator; everything that injects the port (by its interface) gets the decorated one. Metrics
 * ({@link PortInstrumentation}) and tracing ({@link TracingInstrumentation}) register their decorators through it.
 *
 * @param <T> the port
 * @param <S> what the decorator needs (a meter registry, the tracer), looked up only when a bean is decorated
 */
abstract class PortDecorator<T, S> implements BeanCreatedEventListener<T> {
  private final BeanProvider<S> service;
  private final Class<? extends T> decorator;
  private final BiFunction<T, S, T> decorate;

  PortDecorator(BeanProvider<S> service, Class<? extends T> decorator, BiFunction<T, S, T> decorate) {
    this.service = service;
    this.decorator = decorator;
    this.decorate = decorate;
  }

  @Override
  public T onCreated(BeanCreatedEvent<T> event) {
    T bean = event.getBean();
    return decorator.isInstance(bean) ? bean : decorate.apply(bean, service.get());
  }
}
