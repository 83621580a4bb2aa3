package dev.parley.adapter.in.ws.kernel;

import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import java.util.concurrent.CompletableFuture;

/**
 * The few things the kernel does with a socket, so {@link SocketWriter} can be tested without a server: a
 * Micronaut {@link WebSocketSession} in production ({@link #of}), a fake in the adapter's unit tests.
 */
public interface SocketWire {
  boolean isOpen();

  /** False while the socket's outbound buffer is full (the client does not read). */
  boolean isWritable();

  /** Writes one text frame; the answer completes (never exceptionally) when it was written or failed. */
  CompletableFuture<?> send(String text);

  void ping();

  void close(CloseReason reason);

  static SocketWire of(WebSocketSession session) {
    return new SocketWire() {
      @Override
      public boolean isOpen() {
        return session.isOpen();
      }

      @Override
      public boolean isWritable() {
        return session.isWritable();
      }

      @Override
      public CompletableFuture<?> send(String text) {
        return session.sendAsync(text).handle((ok, e) -> null);
      }

      @Override
      public void ping() {
        session.sendPingAsync(new byte[0]).handle((ok, e) -> null);
      }

      @Override
      public void close(CloseReason reason) {
        session.close(reason);
      }
    };
  }
}
