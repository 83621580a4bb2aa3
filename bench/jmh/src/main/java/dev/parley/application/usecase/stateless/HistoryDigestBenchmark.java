package dev.parley.application.usecase.stateless;

import dev.parley.domain.session.Message;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.ToolCall;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The stateless history digest of a conversation's third turn (8 messages, one of them a tool turn): {@link
 * HistoryDigest} (canonical JSON of each message, then SHA-256, as hex) against the physical limit, a bare SHA-256
 * of the very same canonical bytes. The difference is building the canonical form.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HistoryDigestBenchmark {
  private List<Message> history;
  private byte[] canonicalBytes;
  private MessageDigest sha;

  @Setup
  public void setUp() throws Exception {
    history = typicalHistory();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < history.size(); i++) {
      if (i > 0) out.write(',');
      out.write(HistoryDigest.canonical(history.get(i)).getBytes(StandardCharsets.UTF_8));
    }
    out.write(']');
    canonicalBytes = out.toByteArray();
    sha = MessageDigest.getInstance("SHA-256");
  }

  @Benchmark
  public String digest() {
    return HistoryDigest.of(history);
  }

  @Benchmark
  public byte[] digestBaselineSha256() {
    return sha.digest(canonicalBytes);
  }

  /** Three user turns, the scripted agent's answers, one tool call with its response. */
  static List<Message> typicalHistory() {
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    List<Message> m = new ArrayList<>();
    m.add(Message.user("Hello, I ordered a pair of running shoes last week and they have not arrived yet.", t));
    m.add(Message.assistant("I am sorry to hear that. Could you give me your order number so I can look it up?", t.plusSeconds(1)));
    m.add(Message.user("Sure, it is 4711-0815. I paid with PayPal on Monday.", t.plusSeconds(20)));
    m.add(new Message(Role.ASSISTANT, "", List.of(new ToolCall("call_1", "lookup_order",
        Map.of("order_id", "4711-0815"), Map.of("status", "shipped", "carrier", "DHL", "eta", "2026-11-27", "parcels", 1))),
        t.plusSeconds(21)));
    m.add(Message.assistant("Your order 4711-0815 was shipped with DHL and should arrive on Thursday, 27 November.", t.plusSeconds(22)));
    m.add(Message.user("Great, can I change the delivery address to my office?", t.plusSeconds(40)));
    m.add(Message.assistant("Once a parcel is with DHL the address can only be changed through DHL's own service.", t.plusSeconds(41)));
    m.add(Message.user("Okay, thank you, that is all.", t.plusSeconds(60)));
    return m;
  }
}
