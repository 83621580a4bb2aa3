package dev.parley.adapter.in.ws.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.websocket.CloseReason;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The kernel's writer without a server: back-pressure, pings and closing. */
class SocketWriterTest {
  private static final Executor NOW = Runnable::run;

  @Test
  void a_client_that_does_not_read_is_dropped_after_max_unread_frames_and_nothing_more_is_written() {
    FakeWire wire = new FakeWire();
    SocketWriter writer = new SocketWriter(wire, 3, Duration.ZERO, NOW);
    wire.writable = false;
    for (int i = 0; i < 3; i++) writer.send("f" + i);
    assertThat(wire.closes).isEmpty();
    assertThat(wire.sent).containsExactly("f0", "f1", "f2");

    writer.send("f3");
    assertThat(wire.closes).containsExactly(SocketWriter.TOO_SLOW);
    assertThat(wire.closes.get(0).getCode()).isEqualTo(1008);
    writer.send("f4");
    assertThat(wire.sent).as("a closed socket is written no more").containsExactly("f0", "f1", "f2");
  }

  @Test
  void a_buffer_that_drains_resets_the_count_of_unread_frames() {
    FakeWire wire = new FakeWire();
    SocketWriter writer = new SocketWriter(wire, 2, Duration.ZERO, NOW);
    for (int round = 0; round < 5; round++) {
      wire.writable = false;
      writer.send("a");
      writer.send("b");
      wire.writable = true;
      writer.send("c");
    }
    assertThat(wire.closes).isEmpty();
    assertThat(wire.sent).hasSize(15);
  }

  @Test
  void close_after_waits_for_the_last_frame_and_closes_with_the_code_and_reason_given() {
    FakeWire wire = new FakeWire();
    SocketWriter writer = new SocketWriter(wire, 2, Duration.ZERO, NOW);
    CompletableFuture<Object> last = new CompletableFuture<>();
    writer.closeAfter(last, 1013, "database_unavailable");
    assertThat(wire.closes).as("not before the last frame was written").isEmpty();
    last.complete(null);
    long deadline = System.nanoTime() + 2_000_000_000L; // the grace period runs on a timer, even when it is zero
    while (wire.closes.isEmpty() && System.nanoTime() < deadline) Thread.onSpinWait();
    assertThat(wire.closes).hasSize(1);
    CloseReason reason = wire.closes.get(0);
    assertThat(reason.getCode()).isEqualTo(1013);
    assertThat(reason.getReason()).isEqualTo("database_unavailable");
  }

  @Test
  void pings_go_to_open_sockets_only() {
    FakeWire wire = new FakeWire();
    SocketWriter writer = new SocketWriter(wire, 2, Duration.ZERO, NOW);
    writer.ping();
    wire.open = false;
    writer.ping();
    assertThat(wire.pings).isEqualTo(1);
  }
}
