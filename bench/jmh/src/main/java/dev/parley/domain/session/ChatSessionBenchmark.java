package dev.parley.domain.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The aggregate's own cost in one stateful flow: {@link ChatSession} open (spec validated), 6 messages appended
 * (3 user turns and the agent's answers, each raising its event) and end, against appending the same messages to an
 * {@link ArrayList} (the least any transcript costs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChatSessionBenchmark {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private final UUID tenant = UUID.randomUUID();
  private final UUID agent = UUID.randomUUID();
  private List<Message> messages;
  private Instant[] times;

  @Setup
  public void setUp() {
    messages = new ArrayList<>();
    times = new Instant[6];
    for (int i = 0; i < 3; i++) {
      times[2 * i] = T0.plusSeconds(10L * i);
      times[2 * i + 1] = T0.plusSeconds(10L * i + 1);
      messages.add(Message.user("Where is my order " + (4711 + i) + "?", times[2 * i]));
      messages.add(Message.assistant("You said: Where is my order " + (4711 + i) + "?", times[2 * i + 1]));
    }
  }

  @Benchmark
  public ChatSession openAppendEnd() {
    ChatSession session = ChatSession.open(new OpenSessionSpec(UUID.randomUUID(), UUID.randomUUID(), tenant, agent,
        "web", null, "user-42", "Order question", Map.of(), AdditionalData.EMPTY, null), T0);
    for (int i = 0; i < messages.size(); i++) session.append(messages.get(i), times[i]);
    session.end(FinalReason.USER_END, T0.plusSeconds(60));
    return session;
  }

  @Benchmark
  public List<Message> openAppendEndBaselineArrayList() {
    UUID id = UUID.randomUUID(), call = UUID.randomUUID(); // the aggregate makes these ids too (via its spec)
    List<Message> transcript = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) transcript.add(messages.get(i));
    return id.equals(call) ? null : transcript;
  }
}
