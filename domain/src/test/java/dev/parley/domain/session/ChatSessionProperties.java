package dev.parley.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random operation sequences against the aggregate's invariants. */
class ChatSessionProperties {

  sealed interface Op permits Append, End, Touch {}

  record Append(long atOffset) implements Op {}

  record End(FinalReason reason, long atOffset) implements Op {}

  record Touch(long atOffset) implements Op {}

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<Long> offsets = Arbitraries.longs().between(-3_600, 3_600);
    Arbitrary<Op> append = offsets.map(Append::new);
    Arbitrary<Op> end = Combinators.combine(Arbitraries.of(FinalReason.class), offsets).as(End::new);
    Arbitrary<Op> touch = offsets.map(Touch::new);
    return Arbitraries.oneOf(append, end, touch).list().ofMaxSize(40);
  }

  @Property(tries = 300)
  void invariants_hold_for_any_sequence(@ForAll("operations") List<Op> ops) {
    ChatSession s = ChatSessionTest.open(new Ttl(600));
    Optional<FinalReason> firstReason = Optional.empty();
    Instant previousActivity = s.lastActivity();
    int messagesAtEnd = -1;
    for (Op op : ops) {
      if (op instanceof Append a) {
        Instant at = ChatSessionTest.T0.plusSeconds(a.atOffset());
        if (s.isFinal()) {
          try {
            s.append(Message.user("x", at), at);
            throw new AssertionError("a final session took a message");
          } catch (SessionFinalException expected) {
            // final is terminal
          }
        } else {
          s.append(Message.user("x", at), at);
        }
      } else if (op instanceof End e) {
        List<SessionEvent> events = s.end(e.reason(), ChatSessionTest.T0.plusSeconds(e.atOffset()));
        if (firstReason.isEmpty()) {
          assertThat(events).hasSize(1);
          firstReason = Optional.of(e.reason());
          messagesAtEnd = s.messages().size();
        } else {
          assertThat(events).isEmpty();
        }
      } else if (op instanceof Touch t) {
        s.touch(ChatSessionTest.T0.plusSeconds(t.atOffset()));
      }
      assertThat(s.lastActivity()).isAfterOrEqualTo(previousActivity);
      previousActivity = s.lastActivity();
      assertThat(s.finalReason()).isEqualTo(firstReason);
      assertThat(s.isFinal()).isEqualTo(firstReason.isPresent());
      if (s.isFinal()) {
        assertThat(s.messages()).hasSize(messagesAtEnd);
        assertThat(s.expiresAt()).isEmpty();
      }
    }
  }
}
