package dev.parley.adapter.in.ws.kernel;

import io.micronaut.websocket.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A socket in memory: records what was written and how it was closed; the test decides whether it is writable. */
final class FakeWire implements SocketWire {
  final List<String> sent = new ArrayList<>();
  final List<CloseReason> closes = new ArrayList<>();
  volatile boolean writable = true;
  volatile boolean open = true;
  int pings;

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public boolean isWritable() {
    return writable;
  }

  @Override
  public synchronized CompletableFuture<?> send(String text) {
    sent.add(text);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void ping() {
    pings++;
  }

  @Override
  public synchronized void close(CloseReason reason) {
    closes.add(reason);
    open = false;
  }
}
