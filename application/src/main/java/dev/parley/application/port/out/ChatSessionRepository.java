package dev.parley.application.port.out;

import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.session.SessionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outbound port: where chat sessions and their transcripts live. Every method is scoped to a tenant. */
public interface ChatSessionRepository {

  /** Inserts a new session; throws {@link EndpointTakenException} if its endpoint already has an active one. */
  void insert(ChatSession session);

  Optional<ChatSession> find(UUID tenantId, UUID chatId);

  /**
   * What the chat is, without its transcript: a read model for checks and for binding a client to the chat. To change
   * a chat, load it ({@link #find}) or claim it for a turn ({@link #claimTurnLease}).
   */
  Optional<SessionHeader> findHeader(UUID tenantId, UUID chatId);

  /** The session's status alone: the one read of a stateless turn, and the existence checks. */
  default Optional<SessionStatus> findStatus(UUID tenantId, UUID chatId) {
    return findHeader(tenantId, chatId).map(SessionHeader::status);
  }

  Optional<ChatSession> findActiveByEndpoint(UUID tenantId, byte[] endpointHash);

  /**
   * Saves changes: inserts the unsaved messages and updates the row if its version is still the one loaded.
   * Throws {@link StaleSessionException} when another writer got there first.
   */
  void save(ChatSession session);

  /**
   * {@link #save} that also releases the turn lease held by {@code leaseOwner}, in the same row update (a turn's
   * commit writes the session row once, not twice). Throws {@link StaleSessionException} (and saves nothing) when
   * the version changed or the lease is no longer {@code leaseOwner}'s: a turn that lost its lease does not commit.
   * It also keeps count of the turns in a row that could not be answered: one more if {@code unanswered}, else back
   * to 0; answers the new count.
   */
  int saveReleasingLease(ChatSession session, UUID leaseOwner, boolean unanswered);

  /** What a turn's commit found: the count of {@link #saveReleasingLease}, and whether the turn was cancelled first. */
  record SavedTurn(int unansweredInARow, boolean cancelRequested) {}

  /**
   * {@link #saveReleasingLease} that also answers whether a cancel of this turn was recorded before the commit (the
   * row update serialises the two): such a turn's answer is marked cancelled, so a cancel that answered true and
   * the turn's caller always agree.
   */
  default SavedTurn saveTurnReleasingLease(ChatSession session, UUID leaseOwner, boolean unanswered) {
    return new SavedTurn(saveReleasingLease(session, leaseOwner, unanswered), false);
  }

  /**
   * Saves several sessions as {@link #save} does, each under its version check (one round trip where the store can
   * batch); throws {@link StaleSessionException} for the first one another writer changed.
   */
  default void saveAll(List<ChatSession> sessions) {
    for (ChatSession s : sessions) save(s);
  }

  ChatPage list(ChatQuery query);

  /**
   * Claims the right to run one turn: succeeds only if the session is active and no live lease exists, and then
   * answers the session as the turn starts from it (one round trip fewer than a claim and a find) — without its
   * transcript ({@link ChatSession#rehydrateWithoutTranscript}): the turn reads it only if its agent needs it.
   */
  Optional<ChatSession> claimTurnLease(UUID tenantId, UUID chatId, UUID owner, Instant now, Instant until);

  void releaseTurnLease(UUID tenantId, UUID chatId, UUID owner);

  /**
   * Extends the lease {@code owner} holds on an active session to {@code until} (the running turn's heartbeat).
   * Answers false if the owner no longer holds it or the session ended; inside a transaction it also locks the row.
   */
  boolean renewTurnLease(UUID tenantId, UUID chatId, UUID owner, Instant until);

  /**
   * Asks the turn running on the chat to stop: marks its lease owner as cancelled and answers it; empty when no turn
   * holds a live lease. The turn hears it from the event feed, or from its own heartbeat ({@link #turnCancelRequested}).
   */
  Optional<UUID> requestTurnCancel(UUID tenantId, UUID chatId, Instant now);

  /** Whether someone asked the turn whose lease {@code owner} holds to stop. */
  boolean turnCancelRequested(UUID tenantId, UUID chatId, UUID owner);

  /** The owner of the chat's live turn lease: a turn is running. */
  Optional<UUID> liveTurnLeaseOwner(UUID tenantId, UUID chatId, Instant now);

  /** Active sessions whose TTL has passed, locked for this transaction and skipped by other sweepers. */
  List<ChatSession> lockExpired(Instant now, int limit);

  /** Thrown when a second active session would share an endpoint. */
  final class EndpointTakenException extends RuntimeException {
    public EndpointTakenException() {
      super("endpoint already has an active session");
    }
  }

  /** Thrown when a session changed since it was loaded. */
  final class StaleSessionException extends RuntimeException {
    public StaleSessionException(UUID chatId) {
      super("chat " + chatId + " changed concurrently");
    }
  }
}
