package dev.parley.application.control;

import dev.parley.application.usecase.control.CancelTurn;
import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.ChatSessionRepository.StaleSessionException;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.SessionFinalException;
import dev.parley.domain.session.SessionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Changes a chat while holding its turn lease, like a turn does, so a handoff, a handback or an operator's message
 * never interleaves with a running turn: either the turn commits first and the change follows, or the change commits
 * and the next turn sees it. A change that takes over from the agent may first stop the running turn.
 */
public final class ChatUnderLease {
  private final ChatSessionRepository sessions;
  private final ChatEventNotifier events;
  private final UnitOfWork uow;
  private final Clock clock;
  private final IdGenerator ids;
  private final Duration wait;
  private final Duration lease;

  public ChatUnderLease(ChatSessionRepository sessions, ChatEventNotifier events, UnitOfWork uow, Clock clock,
                        IdGenerator ids, Duration wait, Duration lease) {
    this.sessions = sessions;
    this.events = events;
    this.uow = uow;
    this.clock = clock;
    this.ids = ids;
    this.wait = wait;
    this.lease = lease;
  }

  /**
   * Runs {@code change} on the chat (loaded without its transcript) in one transaction and saves it, releasing the
   * lease in the same row update. {@code stopRunningTurn}: a running turn is asked to stop instead of being waited for.
   */
  public <T> T change(UUID tenantId, UUID chatId, boolean stopRunningTurn, BiFunction<ChatSession, Instant, T> change) {
    UUID owner = ids.newId();
    ChatSession session = claim(tenantId, chatId, owner, stopRunningTurn);
    boolean released = false;
    try {
      T result = uow.inTransaction(() -> {
        Instant now = clock.now();
        T answer = change.apply(session, now);
        sessions.saveReleasingLease(session, owner, false);
        return answer;
      });
      released = true;
      return result;
    } catch (StaleSessionException e) { // ended meanwhile (an end does not wait for leases)
      throw conflict(tenantId, chatId);
    } finally {
      if (!released) sessions.releaseTurnLease(tenantId, chatId, owner);
    }
  }

  /**
   * Claims the chat's turn lease for {@code owner} (waiting for a running turn, bounded, or asking it to stop), and
   * answers the chat without its transcript; {@link SessionFinalException} when it has ended. The caller releases the lease.
   */
  public ChatSession claim(UUID tenantId, UUID chatId, UUID owner, boolean stopRunningTurn) {
    Instant deadline = clock.now().plus(wait);
    boolean asked = false;
    while (true) {
      Instant now = clock.now();
      Optional<ChatSession> claimed = sessions.claimTurnLease(tenantId, chatId, owner, now, now.plus(lease));
      if (claimed.isPresent()) return claimed.get();
      SessionStatus status = sessions.findStatus(tenantId, chatId).orElseThrow(() -> new NotFoundException("chat", chatId));
      if (status == SessionStatus.FINAL) throw conflict(tenantId, chatId);
      if (stopRunningTurn && !asked) {
        CancelTurn.requestStop(sessions, events, clock, tenantId, chatId);
        asked = true;
      }
      if (now.isAfter(deadline))
        throw new ConflictException("turn_in_progress", "a turn is running on chat " + chatId + "; retry shortly");
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConflictException("turn_in_progress", "interrupted while waiting for the running turn");
      }
    }
  }

  private RuntimeException conflict(UUID tenantId, UUID chatId) {
    SessionStatus status = sessions.findStatus(tenantId, chatId).orElse(SessionStatus.FINAL);
    if (status == SessionStatus.FINAL) return new SessionFinalException("chat " + chatId + " has ended");
    return new ConflictException("chat_changed", "chat " + chatId + " changed meanwhile; try again");
  }
}
