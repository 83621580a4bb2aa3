package dev.parley.application.usecase.control;

import dev.parley.application.port.in.CancelTurnUseCase;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Use case: stop the turn running on a chat, whichever instance runs it. The turn's lease owner is marked cancelled
 * in the database and told over the event feed; the turn stops at its next safe point (before a model round or a
 * tool call, or at the next piece of a streamed reply), stores what it had said marked interrupted, and releases the
 * chat. The cancel waits for that (bounded), so the chat takes the next message at once.
 */
public final class CancelTurn implements CancelTurnUseCase {
  private final ChatSessionRepository sessions;
  private final ChatEventNotifier events;
  private final Clock clock;
  private final Duration wait;

  public CancelTurn(ChatSessionRepository sessions, ChatEventNotifier events, Clock clock, Duration wait) {
    this.sessions = sessions;
    this.events = events;
    this.clock = clock;
    this.wait = wait;
  }

  /** True when a turn was running and was asked to stop. */
  public boolean cancel(UUID tenantId, UUID chatId) {
    sessions.findStatus(tenantId, chatId).orElseThrow(() -> new NotFoundException("chat", chatId));
    Optional<UUID> owner = requestStop(sessions, events, clock, tenantId, chatId);
    if (owner.isEmpty()) return false;
    awaitRelease(tenantId, chatId, owner.get());
    return true;
  }

  /** Marks the running turn cancelled and tells every instance; shared with a message that interrupts the turn. */
  public static Optional<UUID> requestStop(ChatSessionRepository sessions, ChatEventNotifier events, Clock clock,
                                    UUID tenantId, UUID chatId) {
    Optional<UUID> owner = sessions.requestTurnCancel(tenantId, chatId, clock.now());
    owner.ifPresent(o -> events.publish(ChatEvent.turnCancelled(tenantId, chatId, o)));
    return owner;
  }

  private void awaitRelease(UUID tenantId, UUID chatId, UUID owner) {
    Instant deadline = clock.now().plus(wait);
    while (clock.now().isBefore(deadline)
        && sessions.liveTurnLeaseOwner(tenantId, chatId, clock.now()).filter(owner::equals).isPresent()) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
