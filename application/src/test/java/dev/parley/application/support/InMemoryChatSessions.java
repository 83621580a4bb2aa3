package dev.parley.application.support;

import dev.parley.application.port.out.ChatPage;
import dev.parley.application.port.out.ChatQuery;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.ExternalEndpoint;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.session.SessionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link ChatSessionRepository} in memory, with the JDBC adapter's rules: saves under a version check, the turn lease
 * (claimed only on an active chat with no live lease), the count of unanswered turns, one active chat per endpoint.
 */
public final class InMemoryChatSessions implements ChatSessionRepository {
  private static final class Row {
    ChatSession.Snapshot snapshot;
    final List<Message> transcript = new ArrayList<>();
    UUID leaseOwner;
    Instant leaseUntil;
    int unanswered;
    UUID cancelOwner; // the lease owner whose turn was asked to stop
  }

  private final Map<UUID, Row> rows = new LinkedHashMap<>();

  @Override
  public synchronized void insert(ChatSession session) {
    byte[] hash = session.endpoint().map(ExternalEndpoint::hash).orElse(null);
    if (hash != null && findActiveByEndpoint(session.tenantId(), hash).isPresent()) throw new EndpointTakenException();
    Row row = new Row();
    row.transcript.addAll(ChatSession.persistence(session).unsavedMessages());
    ChatSession.persistence(session).markSaved(0);
    row.snapshot = session.snapshot();
    rows.put(session.id(), row);
  }

  @Override
  public synchronized Optional<ChatSession> find(UUID tenantId, UUID chatId) {
    return row(tenantId, chatId).map(r -> ChatSession.rehydrate(r.snapshot, r.transcript));
  }

  @Override
  public synchronized Optional<SessionHeader> findHeader(UUID tenantId, UUID chatId) {
    return row(tenantId, chatId).map(r -> SessionHeader.of(ChatSession.rehydrateWithoutTranscript(r.snapshot, r.transcript.size())));
  }

  @Override
  public synchronized Optional<ChatSession> findActiveByEndpoint(UUID tenantId, byte[] endpointHash) {
    return rows.values().stream()
        .filter(r -> r.snapshot.tenantId().equals(tenantId) && r.snapshot.status() == SessionStatus.ACTIVE
            && r.snapshot.endpoint() != null && Arrays.equals(r.snapshot.endpoint().hash(), endpointHash))
        .findFirst().map(r -> ChatSession.rehydrate(r.snapshot, r.transcript));
  }

  @Override
  public synchronized void save(ChatSession session) {
    write(rowAtVersion(session), session);
  }

  @Override
  public synchronized int saveReleasingLease(ChatSession session, UUID leaseOwner, boolean unanswered) {
    Row row = rowAtVersion(session);
    if (!leaseOwner.equals(row.leaseOwner)) throw new StaleSessionException(session.id());
    write(row, session);
    row.leaseOwner = null;
    row.leaseUntil = null;
    row.unanswered = unanswered ? row.unanswered + 1 : 0;
    return row.unanswered;
  }

  @Override
  public synchronized SavedTurn saveTurnReleasingLease(ChatSession session, UUID leaseOwner, boolean unanswered) {
    boolean cancelled = row(session.tenantId(), session.id()).map(r -> leaseOwner.equals(r.cancelOwner)).orElse(false);
    int inARow = saveReleasingLease(session, leaseOwner, unanswered);
    rows.get(session.id()).cancelOwner = null;
    return new SavedTurn(inARow, cancelled);
  }

  @Override
  public synchronized Optional<UUID> requestTurnCancel(UUID tenantId, UUID chatId, Instant now) {
    Optional<UUID> owner = row(tenantId, chatId).filter(r -> r.snapshot.status() == SessionStatus.ACTIVE)
        .flatMap(r -> liveTurnLeaseOwner(tenantId, chatId, now));
    owner.ifPresent(o -> rows.get(chatId).cancelOwner = o);
    return owner;
  }

  @Override
  public synchronized boolean turnCancelRequested(UUID tenantId, UUID chatId, UUID owner) {
    // only while that owner still holds the lease: a turn that lost it was not asked, nor is its successor
    return row(tenantId, chatId).map(r -> owner.equals(r.cancelOwner) && owner.equals(r.leaseOwner)).orElse(false);
  }

  @Override
  public synchronized Optional<UUID> liveTurnLeaseOwner(UUID tenantId, UUID chatId, Instant now) {
    return row(tenantId, chatId).filter(r -> r.leaseOwner != null && r.leaseUntil != null && !r.leaseUntil.isBefore(now))
        .map(r -> r.leaseOwner);
  }

  @Override
  public ChatPage list(ChatQuery query) {
    throw new UnsupportedOperationException("listing is the JDBC adapter's (filters and cursors); no application test lists");
  }

  @Override
  public synchronized Optional<ChatSession> claimTurnLease(UUID tenantId, UUID chatId, UUID owner, Instant now, Instant until) {
    Optional<Row> row = row(tenantId, chatId).filter(r -> r.snapshot.status() == SessionStatus.ACTIVE
        && !leaseLive(r, now));
    row.ifPresent(r -> {
      r.leaseOwner = owner;
      r.leaseUntil = until;
    });
    return row.map(r -> ChatSession.rehydrateWithoutTranscript(r.snapshot, r.transcript.size()));
  }

  @Override
  public synchronized void releaseTurnLease(UUID tenantId, UUID chatId, UUID owner) {
    row(tenantId, chatId).filter(r -> owner.equals(r.leaseOwner)).ifPresent(r -> {
      r.leaseOwner = null;
      r.leaseUntil = null;
      r.cancelOwner = null;
    });
  }

  @Override
  public synchronized boolean renewTurnLease(UUID tenantId, UUID chatId, UUID owner, Instant until) {
    Optional<Row> row = row(tenantId, chatId)
        .filter(r -> owner.equals(r.leaseOwner) && r.snapshot.status() == SessionStatus.ACTIVE);
    row.ifPresent(r -> r.leaseUntil = until);
    return row.isPresent();
  }

  @Override
  public synchronized List<ChatSession> lockExpired(Instant now, int limit) {
    return rows.values().stream().filter(r -> !leaseLive(r, now))
        .map(r -> ChatSession.rehydrateWithoutTranscript(r.snapshot, r.transcript.size()))
        .filter(s -> s.isExpiredAt(now)).sorted(Comparator.comparing(s -> s.expiresAt().orElseThrow()))
        .limit(limit).toList();
  }

  /** A lease is live up to and including its end, as in the JDBC adapter. */
  private static boolean leaseLive(Row r, Instant now) {
    return r.leaseUntil != null && !r.leaseUntil.isBefore(now);
  }

  /** The stored transcript, as the database would hold it. */
  public synchronized List<Message> transcript(UUID chatId) {
    return List.copyOf(rows.get(chatId).transcript);
  }

  private Optional<Row> row(UUID tenantId, UUID chatId) {
    return Optional.ofNullable(rows.get(chatId)).filter(r -> r.snapshot.tenantId().equals(tenantId));
  }

  private Row rowAtVersion(ChatSession session) {
    Row row = rows.get(session.id());
    if (row == null || row.snapshot.version() != session.version()) throw new StaleSessionException(session.id());
    return row;
  }

  private static void write(Row row, ChatSession session) {
    ChatSession.Persistence p = ChatSession.persistence(session);
    row.transcript.addAll(p.unsavedMessages());
    p.markSaved(session.version() + 1);
    row.snapshot = session.snapshot();
  }
}
