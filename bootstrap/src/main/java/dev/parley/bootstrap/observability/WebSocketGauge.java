package dev.parley.bootstrap.observability;

import dev.parley.adapter.in.ws.ChatLines;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;

/** {@code parley.websocket.open}: web chat sockets open on this instance (sum it over instances). */
@Context
@Requires(beans = MeterRegistry.class)
public class WebSocketGauge {
  public WebSocketGauge(ChatLines lines, MeterRegistry registry) {
    Gauge.builder("parley.websocket.open", lines, ChatLines::openSockets)
        .description("Web chat (webCall) sockets open on this instance").register(registry);
  }
}
