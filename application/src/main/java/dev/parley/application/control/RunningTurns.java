package dev.parley.application.control;

import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventFeed;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The turns running on this instance, by lease owner, so that a cancel heard from any instance (the event feed)
 * stops its turn at the next safe point. A cancel that arrives just before its turn registered is remembered for a
 * minute; a turn that misses the event altogether hears it from its lease heartbeat.
 */
public final class RunningTurns implements ChatEventFeed.Listener {
  private static final long REMEMBER_NANOS = 60_000_000_000L;
  private final Map<UUID, TurnSignal> running = new ConcurrentHashMap<>();
  private final Map<UUID, Long> early = new ConcurrentHashMap<>();

  /** The turn holding lease {@code owner} starts here; answers the signal it watches. */
  public TurnSignal start(UUID owner) {
    TurnSignal signal = new TurnSignal();
    running.put(owner, signal);
    if (early.remove(owner) != null) signal.stop();
    return signal;
  }

  public void finish(UUID owner) {
    running.remove(owner);
  }

  /** Stops the turn of {@code owner} if it runs here (else remembers it for a moment). */
  public void stop(UUID owner) {
    TurnSignal signal = running.get(owner);
    if (signal != null) {
      signal.stop();
      return;
    }
    long now = System.nanoTime();
    early.values().removeIf(at -> now - at > REMEMBER_NANOS);
    early.put(owner, now);
  }

  @Override
  public void onEvent(ChatEvent event) {
    if (event.kind() == ChatEvent.Kind.TURN_CANCELLED && event.origin() != null) stop(event.origin());
  }

  @Override
  public void resync() {
    // cancels sent while the feed was away reach their turns through the lease heartbeat
  }
}
