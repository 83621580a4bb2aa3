package dev.parley.adapter.in.rest.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.port.in.TurnResult;
import dev.parley.domain.session.Message;
import io.micronaut.http.sse.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * #17.8: a streamed turn lost its first token when the turn wrote it before the HTTP layer had subscribed (a hot
 * publisher drops what no subscriber is there to take). Here the worker runs the turn at once, on the caller's
 * thread, so a turn that starts before the subscription emits every token before anyone listens.
 */
class TurnEventStreamTest {
  private static final Executor AT_ONCE = Runnable::run;

  @Test
  void a_client_that_subscribes_late_still_gets_every_token_and_the_end() {
    UUID chat = UUID.randomUUID();
    Publisher<Event<Object>> stream = TurnEventStream.run(AT_ONCE, chat.toString(), () -> {}, failure -> false, listener -> {
      for (String token : List.of("Hello", " there", " friend")) listener.textDelta(token);
      return new TurnResult(chat, List.of(Message.assistant("Hello there friend", Instant.now())), false);
    });

    Received received = Received.from(stream);

    List<Object> deltas = received.events.stream().filter(e -> "delta".equals(e.getName()))
        .map(e -> ((Map<?, ?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) e.getData()).get("choices")).get(0)).get("delta")).get("content"))
        .map(Object.class::cast).toList();
    assertThat(deltas).containsExactly("Hello", " there", " friend");
    assertThat(received.events).extracting(Event::getName).contains("turn");
    assertThat(received.events.get(received.events.size() - 1).getData()).isEqualTo("[DONE]");
    assertThat(received.completed).isTrue();
  }

  @Test
  void a_database_outage_mid_turn_is_a_503_database_unavailable_event_and_a_bug_is_turn_failed_and_the_permit_comes_back() {
    for (boolean outage : new boolean[] {true, false}) {
      boolean[] released = {false};
      Publisher<Event<Object>> stream = TurnEventStream.run(AT_ONCE, "c", () -> released[0] = true, failure -> outage, listener -> {
        throw new IllegalStateException("Failed to obtain JDBC Connection");
      });
      Event<Object> error = Received.from(stream).events.stream().filter(e -> "error".equals(e.getName())).findFirst().orElseThrow();
      assertThat(((Map<?, ?>) error.getData()).get("code")).isEqualTo(outage ? "database_unavailable" : "turn_failed");
      assertThat(((Map<?, ?>) error.getData()).get("status")).isEqualTo(outage ? 503 : 500);
      assertThat(released[0]).as("the admission permit is given back when the turn ends").isTrue();
    }
  }

  /** Everything a subscriber that asks for all at once was given; an error fails the test. */
  private static final class Received implements Subscriber<Event<Object>> {
    final List<Event<Object>> events = new CopyOnWriteArrayList<>();
    volatile boolean completed;

    static Received from(Publisher<Event<Object>> stream) {
      Received received = new Received();
      stream.subscribe(received);
      return received;
    }

    @Override
    public void onSubscribe(Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Event<Object> event) {
      events.add(event);
    }

    @Override
    public void onError(Throwable t) {
      throw new AssertionError(t);
    }

    @Override
    public void onComplete() {
      completed = true;
    }
  }
}
