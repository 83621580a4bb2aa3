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
    Publisher<Event<Object>> stream = TurnEventStream.run(AT_ONCE, chat.toString(), () -> {}, listener -> {
      for (String token : List.of("Hello", " there", " friend")) listener.textDelta(token);
      return new TurnResult(chat, List.of(Message.assistant("Hello there friend", Instant.now())), false);
    });

    List<Event<Object>> received = new CopyOnWriteArrayList<>();
    boolean[] completed = {false};
    stream.subscribe(new Subscriber<>() {
      @Override
      public void onSubscribe(Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(Event<Object> event) {
        received.add(event);
      }

      @Override
      public void onError(Throwable t) {
        throw new AssertionError(t);
      }

      @Override
      public void onComplete() {
        completed[0] = true;
      }
    });

    List<Object> deltas = received.stream().filter(e -> "delta".equals(e.getName()))
        .map(e -> ((Map<?, ?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) e.getData()).get("choices")).get(0)).get("delta")).get("content"))
        .map(Object.class::cast).toList();
    assertThat(deltas).containsExactly("Hello", " there", " friend");
    assertThat(received).extracting(Event::getName).contains("turn");
    assertThat(received.get(received.size() - 1).getData()).isEqualTo("[DONE]");
    assertThat(completed[0]).isTrue();
  }
}
