package dev.parley.bench;

import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;

/**
 * Benchmark baseline only (bench/run): a bare Micronaut WebSocket on the same server, holding nothing of its own, so
 * the heap an idle webCall socket costs can be compared with what Micronaut and Netty cost per socket in the same
 * run. It exists only when this module's jar is on the class path (bench/run, bench/smoke), never in the shipped jar.
 */
@ServerWebSocket("/bench/ws")
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
