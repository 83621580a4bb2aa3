package dev.parley.application.turn;

import dev.parley.application.control.TurnSignal;
import dev.parley.application.error.ConflictException;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.domain.session.SessionFinalException;
import dev.parley.domain.session.SessionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A turn lease its turn holds: renewed in the background every third of its length while the turn runs (a tool may
 * take longer than the lease), and checked before each model round and tool call, so a turn that lost it (its
 * renewals stalled and another turn took over, or the chat ended) stops instead of working on beside the new owner.
 */
public final class TurnLease implements AutoCloseable, AgentTurnEngine.TurnGuard {
  private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "turn-lease-heartbeat");
    thread.setDaemon(true);
    return thread;
  });

  private final ChatSessionRepository sessions;
  private final Clock clock;
  private final UUID tenantId;
  private final UUID chatId;
  private final UUID owner;
  private final Duration length;
  private final ScheduledFuture<?> heartbeat;
  private final TurnSignal signal;
  private volatile Instant heldUntil;
  private volatile boolean lost;

  private TurnLease(ChatSessionRepository sessions, Clock clock, UUID tenantId, UUID chatId, UUID owner, Duration length,
                    Instant heldUntil, TurnSignal signal) {
    this.signal = signal;
    this.sessions = sessions;
    this.clock = clock;
    this.tenantId = tenantId;
    this.chatId = chatId;
    this.owner = owner;
    this.length = length;
    this.heldUntil = heldUntil;
    long period = Math.max(1, length.toMillis() / 3);
    this.heartbeat = HEARTBEATS.scheduleAtFixedRate(this::renewQuietly, period, period, TimeUnit.MILLISECONDS);
  }

  /** The lease {@code owner} has just claimed until {@code heldUntil}; renewed until {@link #close}. */
  public static TurnLease held(ChatSessionRepository sessions, Clock clock, UUID tenantId, UUID chatId, UUID owner,
                        Duration length, Instant heldUntil, TurnSignal signal) {
    return new TurnLease(sessions, clock, tenantId, chatId, owner, length, heldUntil, signal);
  }

  @Override
  public boolean stopRequested() {
    return signal.isStopped();
  }

  public UUID owner() {
    return owner;
  }

  /**
   * Throws unless the turn still holds its lease. Cheap while the heartbeat keeps up (no database round trip); if
   * the heartbeat fell behind, renews it now.
   */
  @Override
  public void check() {
    if (!lost && clock.now().isBefore(heldUntil.minus(length.dividedBy(3)))) return;
    if (!lost) renew();
    if (lost) throw lostConflict();
  }

  /** The error of a turn whose lease is gone: the chat ended meanwhile, or another turn took the lease over. */
  public RuntimeException lostConflict() {
    SessionStatus status = sessions.findStatus(tenantId, chatId).orElse(SessionStatus.FINAL);
    if (status == SessionStatus.FINAL)
      return new SessionFinalException(chatId);
    return new ConflictException("turn_lease_lost", "the turn on chat " + chatId + " lost its turn lease to another turn "
        + "and was not saved; send the message again");
  }

  private void renew() {
    Instant until = clock.now().plus(length);
    if (sessions.renewTurnLease(tenantId, chatId, owner, until)) heldUntil = until;
    else lost = true;
  }

  private void renewQuietly() {
    if (lost) return;
    try {
      renew();
      // a cancel whose notification this instance missed (the feed was away) still reaches the turn
      if (!signal.isStopped() && sessions.turnCancelRequested(tenantId, chatId, owner)) signal.stop();
    } catch (RuntimeException e) {
      // the database is unreachable right now: the next beat tries again, and check() before the next step too
    }
  }

  /** Stops renewing (the turn is over or about to commit, which checks the lease itself). */
  @Override
  public void close() {
    heartbeat.cancel(false);
  }
}
