package dev.parley.bootstrap.observability;

import dev.parley.application.port.out.ActivityLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decorates the {@link ActivityLog} port to count what the use cases record, whichever adapter drove them (REST,
 * WebSocket, the sweeper): {@code parley.turns} (outcome {@code ok}, or {@code error} when the model or a tool
 * failed and the agent answered with its error reply), {@code parley.sessions.opened} and
 * {@code parley.sessions.ended} (reason: {@code user_end}, {@code ttl}, {@code agent_finish}, {@code error}).
 * <p>The entries are written inside the use case's transaction, so a transaction that rolls back after its entry
 * was written (rare: a lost race at commit) is still counted.
 */
public final class CountingActivityLog implements ActivityLog {
  static final String TURNS = "parley.turns";
  static final String OPENED = "parley.sessions.opened";
  static final String ENDED = "parley.sessions.ended";

  private final ActivityLog delegate;
  private final MeterRegistry registry;
  private final Counter turnsOk;
  private final Counter turnsError;
  private final Counter opened;

  public CountingActivityLog(ActivityLog delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
    this.turnsOk = turns(registry, "ok");
    this.turnsError = turns(registry, "error");
    this.opened = Counter.builder(OPENED).description("Chat sessions opened").register(registry);
  }

  @Override
  public void record(UUID tenantId, UUID chatId, String kind, Map<String, Object> detail, Instant at) {
    delegate.record(tenantId, chatId, kind, detail, at);
    switch (kind) {
      case "turn" -> (detail != null && detail.get("error") != null ? turnsError : turnsOk).increment();
      case "opened" -> opened.increment();
      case "ended" -> Counter.builder(ENDED).description("Chat sessions that became final, by final reason")
          .tag("reason", reason(detail)).register(registry).increment();
      default -> { }
    }
  }

  @Override
  public List<Entry> list(UUID tenantId, UUID chatId) {
    return delegate.list(tenantId, chatId);
  }

  private static Counter turns(MeterRegistry registry, String outcome) {
    return Counter.builder(TURNS).description("User turns committed on stateful chat sessions")
        .tag("outcome", outcome).register(registry);
  }

  private static String reason(Map<String, Object> detail) {
    Object reason = detail == null ? null : detail.get("reason");
    return reason instanceof String s && s.matches("[a-z_]{1,32}") ? s : "unknown";
  }
}
