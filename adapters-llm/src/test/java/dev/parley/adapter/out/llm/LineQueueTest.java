package dev.parley.adapter.out.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LineQueueTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** Counts what was requested; what is delivered is up to the test. */
  private static final class Subscription implements Flow.Subscription {
    final AtomicInteger requested = new AtomicInteger();
    volatile boolean cancelled;

    @Override
    public void request(long n) {
      requested.addAndGet((int) n);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  @Test
  void lines_are_cut_across_buffers_with_every_terminator_and_split_characters() throws Exception {
    byte[] bytes = "héllo\r\nwörld\n\rmiddle\rlast ✓".getBytes(StandardCharsets.UTF_8);
    LineQueue lines = new LineQueue();
    lines.onSubscribe(new Subscription());
    for (int i = 0; i < bytes.length; i++) // one byte per buffer: splits '\r\n' and every multi-byte character
      lines.onNext(List.of(ByteBuffer.wrap(bytes, i, 1)));
    lines.onComplete();

    List<String> read = new ArrayList<>();
    for (String line; (line = lines.nextLine(WAIT)) != null; ) read.add(line);

    assertThat(read).containsExactly("héllo", "wörld", "", "middle", "last ✓");
    assertThat(lines.nextLine(WAIT)).isNull();
  }

  @Test
  void a_last_line_without_a_terminator_survives_an_end_that_races_the_reader() throws Exception {
    byte[] first = "{\"a\":[\n  1,\n".getBytes(StandardCharsets.UTF_8);
    byte[] last = "  2]}".getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 2_000; round++) {
      LineQueue lines = new LineQueue();
      Subscription subscription = new Subscription();
      lines.onSubscribe(subscription);
      Thread client = new Thread(() -> {
        lines.onNext(List.of(ByteBuffer.wrap(first)));
        lines.onNext(List.of(ByteBuffer.wrap(last)));
        lines.onComplete();
      });
      client.start();

      StringBuilder text = new StringBuilder();
      for (String line; (line = lines.nextLine(WAIT)) != null; ) text.append(line).append('\n');
      client.join();

      assertThat(text).as("round %d", round).hasToString("{\"a\":[\n  1,\n  2]}\n");
    }
  }

  @Test
  void demand_is_one_buffer_list_at_a_time_and_only_as_the_caller_reads() throws Exception {
    LineQueue lines = new LineQueue();
    Subscription subscription = new Subscription();
    lines.onSubscribe(subscription);
    assertThat(subscription.requested).hasValue(1);

    lines.onNext(List.of(ByteBuffer.wrap("one\ntw".getBytes(StandardCharsets.UTF_8))));
    assertThat(subscription.requested).hasValue(1);
    assertThat(lines.nextLine(WAIT)).isEqualTo("one");
    assertThat(subscription.requested).hasValue(2);

    lines.onNext(List.of(ByteBuffer.wrap("o\n".getBytes(StandardCharsets.UTF_8))));
    assertThat(lines.nextLine(WAIT)).isEqualTo("two");
    assertThat(subscription.requested).hasValue(3);
  }

  @Test
  void a_silent_body_times_out_and_a_failed_one_reports_its_error() throws Exception {
    LineQueue silent = new LineQueue();
    silent.onSubscribe(new Subscription());
    assertThatThrownBy(() -> silent.nextLine(Duration.ofMillis(50))).isInstanceOf(HttpTimeoutException.class);

    LineQueue failed = new LineQueue();
    failed.onSubscribe(new Subscription());
    failed.onNext(List.of(ByteBuffer.wrap("partial".getBytes(StandardCharsets.UTF_8))));
    failed.onError(new IOException("connection reset"));
    assertThatThrownBy(() -> failed.nextLine(WAIT)).isInstanceOf(IOException.class).hasMessage("connection reset");
  }

  @Test
  void a_line_beyond_the_cap_fails_instead_of_filling_memory() {
    LineQueue lines = new LineQueue();
    Subscription subscription = new Subscription();
    lines.onSubscribe(subscription);
    byte[] chunk = new byte[1 << 20];
    Arrays.fill(chunk, (byte) 'x');
    for (int i = 0; i <= LineQueue.MAX_LINE_BYTES / chunk.length; i++) lines.onNext(List.of(ByteBuffer.wrap(chunk)));

    assertThatThrownBy(() -> lines.nextLine(WAIT)).isInstanceOf(IOException.class).hasMessageContaining("longer than");
  }

  @Test
  void a_cancelled_queue_cancels_a_late_subscription() {
    LineQueue lines = new LineQueue();
    lines.cancel();
    Subscription subscription = new Subscription();
    lines.onSubscribe(subscription);

    assertThat(subscription.cancelled).isTrue();
    assertThat(subscription.requested).hasValue(0);
  }
}
