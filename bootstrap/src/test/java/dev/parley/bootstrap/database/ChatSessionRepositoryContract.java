package dev.parley.bootstrap.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.ChatSessionRepository.EndpointTakenException;
import dev.parley.application.port.out.ChatSessionRepository.SavedTurn;
import dev.parley.application.port.out.ChatSessionRepository.StaleSessionException;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.ConversationMode;
import dev.parley.domain.session.ExternalEndpoint;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.OpenSessionSpec;
import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.session.SessionStatus;
import dev.parley.domain.session.Ttl;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChatSessionRepository} promises (issue #19), run against the JDBC adapter (the reference) and the
 * in-memory one the application tests use, so that the two cannot drift apart. Each test works in a tenant of its own.
 * Times are far in the future so that a running sweeper (real clock) never touches these chats.
 */
abstract class ChatSessionRepositoryContract {
  static final Instant T0 = Instant.now().plus(Duration.ofDays(3650)).truncatedTo(ChronoUnit.MILLIS);

  /** The repository under test; the same instance for the whole test. */
  protected abstract ChatSessionRepository repository();

  /** A tenant that may own chats. */
  protected abstract UUID newTenant();

  private ChatSessionRepository repo() {
    return repository();
  }

  private ChatSession open(UUID tenant, ExternalEndpoint endpoint, Integer ttlSeconds) {
    ChatSession s = ChatSession.open(new OpenSessionSpec(UUID.randomUUID(), UUID.randomUUID(), tenant, UUID.randomUUID(), "web",
        endpoint, null, null, null, null, Ttl.ofNullable(ttlSeconds)), T0);
    s.append(Message.user("hello", T0), T0);
    repo().insert(s);
    return s;
  }

  private ChatSession open(UUID tenant) {
    return open(tenant, null, 60);
  }

  private static List<String> contents(ChatSession s) {
    return s.messages().stream().map(Message::content).toList();
  }

  @Test
  void insertedChatIsFoundWithItsTranscriptOnlyInItsTenant() {
    UUID tenant = newTenant();
    ChatSession s = open(tenant);
    assertThat(s.version()).isZero();
    ChatSession found = repo().find(tenant, s.id()).orElseThrow();
    assertThat(contents(found)).containsExactly("hello");
    assertThat(found.status()).isEqualTo(SessionStatus.ACTIVE);
    assertThat(found.version()).isZero();
    assertThat(found.expiresAt()).contains(T0.plusSeconds(60));
    assertThat(repo().find(newTenant(), s.id())).isEmpty();
    assertThat(repo().find(tenant, UUID.randomUUID())).isEmpty();
    assertThat(repo().findStatus(tenant, s.id())).contains(SessionStatus.ACTIVE);
  }

  @Test
  void headerTellsWhatTheChatIsWithItsMessageCountOnlyInItsTenant() {
    UUID tenant = newTenant();
    ExternalEndpoint endpoint = ExternalEndpoint.of("web", "user-" + UUID.randomUUID()).orElseThrow();
    ChatSession s = open(tenant, endpoint, 60);
    SessionHeader header = repo().findHeader(tenant, s.id()).orElseThrow();
    assertThat(header).isEqualTo(new SessionHeader(s.id(), tenant, s.agentId(), s.callId(), "web", header.endpoint(),
        SessionStatus.ACTIVE, null, ConversationMode.AGENT, 1, T0, T0));
    assertThat(header.endpoint().hash()).isEqualTo(endpoint.hash());
    assertThat(repo().findHeader(newTenant(), s.id())).isEmpty();
    s.end(FinalReason.USER_END, T0.plusSeconds(1));
    repo().save(s);
    assertThat(repo().findHeader(tenant, s.id()).orElseThrow().finalReason()).isEqualTo(FinalReason.USER_END);
  }

  @Test
  void aChatClaimedForATurnSavesNewMessagesAfterTheStoredOnes() {
    UUID tenant = newTenant();
    ChatSession s = open(tenant);
    UUID owner = UUID.randomUUID();
    ChatSession claimed = repo().claimTurnLease(tenant, s.id(), owner, T0, T0.plusSeconds(30)).orElseThrow();
    claimed.append(Message.user("again", T0.plusSeconds(1)), T0.plusSeconds(1));
    repo().saveTurnReleasingLease(claimed, owner, false);
    assertThat(claimed.messageCount()).isEqualTo(2);
    assertThat(contents(repo().find(tenant, s.id()).orElseThrow())).containsExactly("hello", "again");
    assertThat(repo().findHeader(tenant, s.id()).orElseThrow().messageCount()).isEqualTo(2);
  }

  @Test
  void oneActiveChatPerEndpointAndTenant() {
    UUID tenant = newTenant();
    ExternalEndpoint endpoint = ExternalEndpoint.of("web", "user-" + UUID.randomUUID()).orElseThrow();
    ChatSession s = open(tenant, endpoint, null);
    assertThat(repo().findActiveByEndpoint(tenant, endpoint.hash()).map(ChatSession::id)).contains(s.id());
    assertThat(repo().findActiveByEndpoint(newTenant(), endpoint.hash())).isEmpty();
    assertThatThrownBy(() -> open(tenant, endpoint, null)).isInstanceOf(EndpointTakenException.class);
    open(newTenant(), endpoint, null); // another tenant's endpoint is another endpoint

    s.end(FinalReason.USER_END, T0.plusSeconds(1));
    repo().save(s);
    assertThat(repo().findActiveByEndpoint(tenant, endpoint.hash())).isEmpty();
    ChatSession next = open(tenant, endpoint, null);
    assertThat(repo().findActiveByEndpoint(tenant, endpoint.hash()).map(ChatSession::id)).contains(next.id());
  }

  @Test
  void saveChecksTheVersionLoaded() {
    UUID tenant = newTenant();
    ChatSession s = open(tenant);
    ChatSession first = repo().find(tenant, s.id()).orElseThrow();
    ChatSession second = repo().find(tenant, s.id()).orElseThrow();
    first.append(Message.assistant("hi", T0.plusSeconds(1)), T0.plusSeconds(1));
    repo().save(first);
    assertThat(first.version()).isEqualTo(1);
    second.append(Message.assistant("lost", T0.plusSeconds(2)), T0.plusSeconds(2));
    assertThatThrownBy(() -> repo().save(second)).isInstanceOf(StaleSessionException.class);
    ChatSession stored = repo().find(tenant, s.id()).orElseThrow();
    assertThat(contents(stored)).containsExactly("hello", "hi");
    assertThat(stored.version()).isEqualTo(1);
    repo().save(stored); // a save without messages still moves the version on
    assertThat(repo().find(tenant, s.id()).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void leaseIsClaimedOnlyOnAnActiveChatWithoutALiveLease() {
    UUID tenant = newTenant();
    ChatSession s = open(tenant);
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    ChatSession claimed = repo().claimTurnLease(tenant, s.id(), a, T0, T0.plusSeconds(30)).orElseThrow();
    assertThat(claimed.messages()).isEmpty();
    assertThat(claimed.messageCount()).isEqualTo(1);
    assertThat(claimed.version()).isZero();
    assertThat(repo().claimTurnLease(newTenant(), s.id(), b, T0, T0.plusSeconds(30))).isEmpty();
    assertThat(repo().claimTurnLease(tenant, s.id(), b, T0.plusSeconds(10), T0.plusSeconds(40))).isEmpty();
    // the lease is live up to and including its end
    assertThat(repo().liveTurnLeaseOwner(tenant, s.id(), T0.plusSeconds(30))).contains(a);
    assertThat(repo().claimTurnLease(tenant, s.id(), b, T0.plusSeconds(30), T0.plusSeconds(60))).isEmpty();
    assertThat(repo().liveTurnLeaseOwner(tenant, s.id(), T0.plusSeconds(31))).isEmpty();
    assertThat(repo().claimTurnLease(tenant, s.id(), b, T0.plusSeconds(31), T0.plusSeconds(60))).isPresent();
    assertThat(repo().liveTurnLeaseOwner(tenant, s.id(), T0.plusSeconds(31))).contains(b);
    assertThat(repo().liveTurnLeaseOwner(newTenant(), s.id(), T0.plusSeconds(31))).isEmpty();

    ChatSession ended = open(tenant);
    ended.end(FinalReason.USER_END, T0);
    repo().save(ended);
    assertThat(repo().claimTurnLease(tenant, ended.id(), a, T0, T0.plusSeconds(30))).isEmpty();
  }

  @Test
  void leaseIsRenewedAndReleasedOnlyByItsOwner() {
    UUID tenant = newTenant();
    ChatSession s = open(tenant);
    UUID a = UUID.randomUUID();
    repo().claimTurnLease(tenant, s.id(), a, T0, T0.plusSeconds(30)).orElseThrow();
    assertThat(repo().renewTurnLease(tenant, s.id(), UUID.randomUUID(), T0.plusSeconds(90))).isFalse();
    assertThat(repo().renewTurnLease(tenant, s.id(), a, T0.plusSeconds(60))).isTrue();
    assertThat(repo().liveTurnLeaseOwner(tenant, s.id(), T0.plusSeconds(45))).contains(a);
    assertThat(repo().claimTurnLease(tenant, s.id(), UUID.randomUUID(), T0.plusSeconds(45), T0.plusSeconds(90))).isEmpty();

    repo().releaseTurnLease(tenant, s.id(), UUID.randomUUID());
    assertThat(repo().liveTurnLeaseOwner(tenant, s.id(), T0.plusSeconds(45))).contains(a);
    repo().releaseTurnLease(tenant, s.id(), a);
    assertThat(repo().liveTurnLeaseOwner(tenant, s.id(), T0.plusSeconds(45))).isEmpty();
    assertThat(repo().renewTurnLease(tenant, s.id(), a, T0.plusSeconds(90))).isFalse();
    UUID b = UUID.randomUUID();
    assertThat(repo().claimTurnLease(tenant, s.id(), b, T0.plusSeconds(45), T0.plusSeconds(90))).isPresent();

    ChatSession current = repo().find(tenant, s.id()).orElseThrow();
    current.end(FinalReason.USER_END, T0.plusSeconds(46));
    repo().save(current);
    assertThat(repo().renewTurnLease(tenant, s.id(), b, T0.plusSeconds(120))).isFalse(); // an ended chat runs no turn
  }

  @Test
  void turnCommitReleasesTheLeaseAndCountsUnansweredTurnsInARow() {
    UUID tenant = newTenant();
    ChatSession s = open(tenant);
    assertThat(commitTurn(tenant, s.id(), true, 0)).isEqualTo(new SavedTurn(1, false));
    assertThat(commitTurn(tenant, s.id(), true, 1)).isEqualTo(new SavedTurn(2, false));
    assertThat(commitTurn(tenant, s.id(), false, 2)).isEqualTo(new SavedTurn(0, false));
    ChatSession stored = repo().find(tenant, s.id()).orElseThrow();
    assertThat(contents(stored)).containsExactly("hello", "answer 0", "answer 1", "answer 2");
    assertThat(stored.version()).isEqualTo(3);
    assertThat(repo().liveTurnLeaseOwner(tenant, s.id(), T0.plusSeconds(3))).isEmpty();
  }

  @Test
  void turnThatLostItsLeaseOrItsVersionCommitsNothing() {
    UUID tenant = newTenant();
    ChatSession s = open(tenant);
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    ChatSession turnA = repo().claimTurnLease(tenant, s.id(), a, T0, T0.plusSeconds(30)).orElseThrow();
    ChatSession turnB = repo().claimTurnLease(tenant, s.id(), b, T0.plusSeconds(31), T0.plusSeconds(60)).orElseThrow();
    turnA.append(Message.assistant("late", T0.plusSeconds(32)), T0.plusSeconds(32));
    assertThatThrownBy(() -> repo().saveTurnReleasingLease(turnA, a, true)).isInstanceOf(StaleSessionException.class);
    assertThat(repo().liveTurnLeaseOwner(tenant, s.id(), T0.plusSeconds(32))).contains(b);

    ChatSession other = repo().find(tenant, s.id()).orElseThrow();
    other.append(Message.user("meanwhile", T0.plusSeconds(33)), T0.plusSeconds(33));
    repo().save(other);
    turnB.append(Message.assistant("stale", T0.plusSeconds(34)), T0.plusSeconds(34));
    assertThatThrownBy(() -> repo().saveReleasingLease(turnB, b, true)).isInstanceOf(StaleSessionException.class);
    assertThat(repo().liveTurnLeaseOwner(tenant, s.id(), T0.plusSeconds(34))).contains(b);
    ChatSession stored = repo().find(tenant, s.id()).orElseThrow();
    assertThat(contents(stored)).containsExactly("hello", "meanwhile");
    assertThat(stored.version()).isEqualTo(1);
    // the failed commits counted nothing
    ChatSession retry = repo().claimTurnLease(tenant, s.id(), a, T0.plusSeconds(61), T0.plusSeconds(90)).orElseThrow();
    assertThat(repo().saveReleasingLease(retry, a, true)).isEqualTo(1);
  }

  @Test
  void cancelIsAskedOfTheLiveTurnAndReportedAtItsCommit() {
    UUID tenant = newTenant();
    ChatSession s = open(tenant);
    assertThat(repo().requestTurnCancel(tenant, s.id(), T0)).isEmpty(); // no turn runs
    UUID a = UUID.randomUUID();
    ChatSession turn = repo().claimTurnLease(tenant, s.id(), a, T0, T0.plusSeconds(30)).orElseThrow();
    assertThat(repo().turnCancelRequested(tenant, s.id(), a)).isFalse();
    assertThat(repo().requestTurnCancel(newTenant(), s.id(), T0.plusSeconds(1))).isEmpty();
    assertThat(repo().requestTurnCancel(tenant, s.id(), T0.plusSeconds(1))).contains(a);
    assertThat(repo().turnCancelRequested(tenant, s.id(), a)).isTrue();
    assertThat(repo().turnCancelRequested(tenant, s.id(), UUID.randomUUID())).isFalse();
    assertThat(repo().turnCancelRequested(newTenant(), s.id(), a)).isFalse();
    turn.append(Message.assistant("cut short", T0.plusSeconds(2)), T0.plusSeconds(2));
    assertThat(repo().saveTurnReleasingLease(turn, a, false)).isEqualTo(new SavedTurn(0, true));
    assertThat(repo().turnCancelRequested(tenant, s.id(), a)).isFalse();

    UUID b = UUID.randomUUID();
    ChatSession next = repo().claimTurnLease(tenant, s.id(), b, T0.plusSeconds(3), T0.plusSeconds(30)).orElseThrow();
    assertThat(repo().turnCancelRequested(tenant, s.id(), b)).isFalse();
    assertThat(repo().saveTurnReleasingLease(next, b, false)).isEqualTo(new SavedTurn(0, false));
  }

  @Test
  void cancelOfATurnThatLostItsLeaseNeitherReachesItNorItsSuccessor() {
    UUID tenant = newTenant();
    ChatSession s = open(tenant);
    UUID a = UUID.randomUUID();
    repo().claimTurnLease(tenant, s.id(), a, T0, T0.plusSeconds(30)).orElseThrow();
    assertThat(repo().requestTurnCancel(tenant, s.id(), T0.plusSeconds(31))).isEmpty(); // the lease ran out
    assertThat(repo().requestTurnCancel(tenant, s.id(), T0.plusSeconds(1))).contains(a);
    UUID b = UUID.randomUUID();
    ChatSession turnB = repo().claimTurnLease(tenant, s.id(), b, T0.plusSeconds(31), T0.plusSeconds(60)).orElseThrow();
    assertThat(repo().turnCancelRequested(tenant, s.id(), a)).isFalse();
    assertThat(repo().turnCancelRequested(tenant, s.id(), b)).isFalse();
    assertThat(repo().saveTurnReleasingLease(turnB, b, false)).isEqualTo(new SavedTurn(0, false));
  }

  @Test
  void noCancelOnAnEndedChat() {
    UUID tenant = newTenant();
    ChatSession s = open(tenant);
    UUID a = UUID.randomUUID();
    repo().claimTurnLease(tenant, s.id(), a, T0, T0.plusSeconds(30)).orElseThrow();
    ChatSession current = repo().find(tenant, s.id()).orElseThrow();
    current.end(FinalReason.USER_END, T0.plusSeconds(1));
    repo().save(current);
    assertThat(repo().requestTurnCancel(tenant, s.id(), T0.plusSeconds(2))).isEmpty();
    assertThat(repo().turnCancelRequested(tenant, s.id(), a)).isFalse();
  }

  @Test
  void expiredActiveChatsWithoutALiveTurnAreLockedInOrderOfExpiry() {
    UUID tenant = newTenant();
    ChatSession later = open(tenant, null, 90);
    ChatSession sooner = open(tenant, null, 60);
    ChatSession leased = open(tenant, null, 70);
    ChatSession ended = open(tenant, null, 60);
    ended.end(FinalReason.USER_END, T0);
    repo().save(ended);
    open(tenant, null, null); // no TTL: never expires
    repo().claimTurnLease(tenant, leased.id(), UUID.randomUUID(), T0, T0.plusSeconds(200)).orElseThrow();

    assertThat(expiredIn(tenant, T0.plusSeconds(60))).isEmpty(); // expired only after its time
    assertThat(expiredIn(tenant, T0.plusSeconds(61))).containsExactly(sooner.id());
    assertThat(expiredIn(tenant, T0.plusSeconds(120))).containsExactly(sooner.id(), later.id());
    assertThat(expiredIn(tenant, T0.plusSeconds(201))).containsExactly(sooner.id(), leased.id(), later.id());
  }

  private List<UUID> expiredIn(UUID tenant, Instant now) {
    return repo().lockExpired(now, 10_000).stream().filter(c -> c.tenantId().equals(tenant)).map(ChatSession::id).toList();
  }

  private SavedTurn commitTurn(UUID tenant, UUID chatId, boolean unanswered, int n) {
    UUID owner = UUID.randomUUID();
    Instant at = T0.plusSeconds(n);
    ChatSession turn = repo().claimTurnLease(tenant, chatId, owner, at, at.plusSeconds(30)).orElseThrow();
    turn.append(Message.assistant("answer " + n, at), at);
    SavedTurn saved = repo().saveTurnReleasingLease(turn, owner, unanswered);
    assertThat(turn.version()).isEqualTo(n + 1);
    return saved;
  }
}
