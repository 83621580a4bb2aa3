package dev.parley.adapter.in.ws.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;

/**
 * Benchmark baseline only (bench/run): a bare Micronaut WebSocket on the same server, holding nothing of its own, so
 * the heap an idle webCall socket costs can be compared with what Micronaut and Netty cost per socket in the same
 * run. It exists only when {@code parley.bench.echo-endpoint=true}; no configuration shipped with Parley sets it.
 */
@ServerWebSocket("/bench/ws")
@Requires(property = "parley.bench.echo-endpoint", value = "true")
public class BenchBareSocket {
  @OnOpen
  public void onOpen(WebSocketSession session) {
    // nothing kept: the baseline is Micronaut's own session
  }

  @OnMessage
  public String onMessage(String message, WebSocketSession session) {
    return message;
  }
}
