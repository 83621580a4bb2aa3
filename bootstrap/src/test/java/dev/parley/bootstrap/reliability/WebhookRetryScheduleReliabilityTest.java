package dev.parley.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.AnalysisStore;
import dev.parley.application.port.out.ChatPage;
import dev.parley.application.port.out.ChatQuery;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.application.port.out.WebhookSender;
import dev.parley.application.usecase.webhook.DeliverCompletionEvents;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.OpenSessionSpec;
import dev.parley.domain.session.SessionHeader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The completion webhook's retry schedule, with an injected clock and in-memory ports (no waiting): the production
 * policy ({@link DeliverCompletionEvents.RetryPolicy#DEFAULT}: first retry after ~1 s, doubling, capped at 1 h) keeps
 * trying until 72 h after the event, its last attempt at the 72-hour mark, and a receiver that comes back just
 * before then still gets the event.
 */
class WebhookRetryScheduleReliabilityTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @RepeatedTest(5)
  void a_receiver_that_never_answers_is_retried_until_72_hours_after_the_event_then_dead_lettered() {
    Run run = new Run(at -> new WebhookSender.Result(503, null));
    run.deliverUntilSettled();
    List<Instant> attempts = run.attempts;
    Duration first = Duration.between(T0, attempts.get(1));
    Duration last = Duration.between(T0, attempts.get(attempts.size() - 1));
    Duration widestGap = Duration.ZERO;
    for (int i = 1; i < attempts.size(); i++) {
      Duration gap = Duration.between(attempts.get(i - 1), attempts.get(i));
      if (gap.compareTo(widestGap) > 0) widestGap = gap;
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("attempts", attempts.size());
    summary.put("first_retry_ms", first.toMillis());
    summary.put("widest_gap_min", widestGap.toMinutes());
    summary.put("last_attempt_h", String.format(java.util.Locale.ROOT, "%.3f", last.toSeconds() / 3600.0));
    summary.put("final_status", run.outbox.row.status());
    Summary.print("webhook-retry-schedule", summary);

    assertThat(first).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
    assertThat(widestGap).isLessThanOrEqualTo(Duration.ofMinutes(72)); // 1 h cap + 20 % jitter
    assertThat(last).as("the schedule reaches 72 hours").isGreaterThanOrEqualTo(Duration.ofHours(72));
    assertThat(last).as("and stops there").isLessThanOrEqualTo(Duration.ofHours(72).plusMinutes(1));
    assertThat(run.outbox.row.status()).isEqualTo(WebhookOutbox.Status.DEAD);
    assertThat(run.outbox.row.attempts()).isEqualTo(attempts.size());
  }

  @Test
  void a_receiver_back_just_before_72_hours_still_receives_the_event_once() {
    Instant back = T0.plus(Duration.ofHours(72)).minusSeconds(60);
    Run run = new Run(at -> at.isBefore(back) ? new WebhookSender.Result(null, "connection refused") : new WebhookSender.Result(200, null));
    run.deliverUntilSettled();
    assertThat(run.outbox.row.status()).isEqualTo(WebhookOutbox.Status.DELIVERED);
    assertThat(run.attempts.stream().filter(a -> !a.isBefore(back))).hasSize(1);
  }

  @Test
  void a_410_is_dead_lettered_at_once() {
    Run run = new Run(at -> new WebhookSender.Result(410, null));
    run.deliverUntilSettled();
    assertThat(run.attempts).hasSize(1);
    assertThat(run.outbox.row.status()).isEqualTo(WebhookOutbox.Status.DEAD);
  }

  /** One completion event delivered by the real use case against in-memory ports and a clock the test moves. */
  static final class Run {
    final MutableClock clock = new MutableClock(T0);
    final OneRowOutbox outbox;
    final List<Instant> attempts = new ArrayList<>();
    final DeliverCompletionEvents deliver;

    Run(Function<Instant, WebhookSender.Result> receiver) {
      UUID tenant = UUID.randomUUID();
      UUID chat = UUID.randomUUID();
      ChatSession session = ChatSession.open(new OpenSessionSpec(chat, UUID.randomUUID(), tenant, UUID.randomUUID(), "web",
          null, null, null, null, null, null), T0);
      outbox = new OneRowOutbox(new WebhookOutbox.Delivery(UUID.randomUUID(), tenant, chat, "chat.completed",
          "https://receiver.example/hook", "secret", WebhookOutbox.Status.PENDING, 0, T0, null, T0, null));
      WebhookSender sender = (url, secret, eventId, payload) -> {
        attempts.add(clock.now());
        return receiver.apply(clock.now());
      };
      UnitOfWork direct = new UnitOfWork() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
          return work.get();
        }
      };
      Map<UUID, Map<String, Object>> analyses = new HashMap<>();
      deliver = new DeliverCompletionEvents(outbox, sender, new OneSession(session), new NoAgents(),
          new AnalysisStore() {
            @Override
            public Optional<Map<String, Object>> find(UUID tenantId, UUID chatId) {
              return Optional.ofNullable(analyses.get(chatId));
            }

            @Override
            public void save(UUID tenantId, UUID chatId, Map<String, Object> analysis) {
              analyses.put(chatId, analysis);
            }
          }, new NoModel(), new dev.parley.application.turn.ModelRoutes(null,
              dev.parley.application.turn.ModelRoutes.builtInOpenAi("http://127.0.0.1:9/v1", null, "m", 0)),
          new NoUsage(), direct, clock, DeliverCompletionEvents.RetryPolicy.DEFAULT);
    }

    /** Moves the clock to each due time and runs the worker, until the event is delivered or dead. */
    void deliverUntilSettled() {
      for (int guard = 0; guard < 10_000 && outbox.row.status() == WebhookOutbox.Status.PENDING; guard++) {
        clock.set(outbox.row.nextAttemptAt());
        deliver.deliverDue(10);
      }
    }
  }

  static final class MutableClock implements Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant at) {
      if (at.isAfter(now)) now = at;
    }

    @Override
    public Instant now() {
      return now;
    }
  }

  static final class OneRowOutbox implements WebhookOutbox {
    Delivery row;

    OneRowOutbox(Delivery row) {
      this.row = row;
    }

    private Delivery with(Status status, int attempts, Instant next, String error, Instant deliveredAt) {
      return new Delivery(row.id(), row.tenantId(), row.chatId(), row.eventType(), row.url(), row.secret(), status, attempts,
          next, error, row.createdAt(), deliveredAt);
    }

    @Override
    public void enqueue(Delivery delivery) {
      row = delivery;
    }

    @Override
    public List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit) {
      if (row.status() != Status.PENDING || row.nextAttemptAt().isAfter(now)) return List.of();
      Delivery claimed = row;
      row = with(Status.PENDING, row.attempts(), leaseUntil, row.lastError(), null);
      return List.of(claimed);
    }

    @Override
    public boolean release(UUID tenantId, UUID id, Instant claimedUntil, Instant now) {
      return false;
    }

    @Override
    public void markDelivered(UUID tenantId, UUID id, int attempts, Instant at, Attempt attempt) {
      row = with(Status.DELIVERED, attempts, row.nextAttemptAt(), null, at);
    }

    @Override
    public void scheduleRetry(UUID tenantId, UUID id, int attempts, Instant nextAttemptAt, String error, Attempt attempt) {
      row = with(Status.PENDING, attempts, nextAttemptAt, error, null);
    }

    @Override
    public void markDead(UUID tenantId, UUID id, int attempts, String error, Attempt attempt) {
      row = with(Status.DEAD, attempts, row.nextAttemptAt(), error, null);
    }

    @Override
    public DeliveryPage list(DeliveryQuery query) {
      return new DeliveryPage(List.of(row), 1);
    }

    @Override
    public List<Attempt> attemptLog(UUID tenantId, UUID id) {
      return List.of();
    }

    @Override
    public Optional<Delivery> find(UUID tenantId, UUID id) {
      return Optional.of(row);
    }

    @Override
    public boolean replay(UUID tenantId, UUID id, Instant now) {
      return false;
    }
  }

  static final class OneSession implements ChatSessionRepository {
    private final ChatSession session;

    OneSession(ChatSession session) {
      this.session = session;
    }

    @Override
    public Optional<ChatSession> find(UUID tenantId, UUID chatId) {
      return Optional.of(session);
    }

    @Override
    public Optional<SessionHeader> findHeader(UUID tenantId, UUID chatId) {
      return Optional.of(SessionHeader.of(session));
    }

    @Override
    public void insert(ChatSession s) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ChatSession> findActiveByEndpoint(UUID tenantId, byte[] endpointHash) {
      return Optional.empty();
    }

    @Override
    public void save(ChatSession s) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChatPage list(ChatQuery query) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ChatSession> claimTurnLease(UUID tenantId, UUID chatId, UUID owner, Instant now, Instant until) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void releaseTurnLease(UUID tenantId, UUID chatId, UUID owner) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean renewTurnLease(UUID tenantId, UUID chatId, UUID owner, Instant until) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int saveReleasingLease(ChatSession s, UUID leaseOwner, boolean unanswered) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.Optional<UUID> requestTurnCancel(UUID tenantId, UUID chatId, Instant now) {
      return java.util.Optional.empty();
    }

    @Override
    public boolean turnCancelRequested(UUID tenantId, UUID chatId, UUID owner) {
      return false;
    }

    @Override
    public java.util.Optional<UUID> liveTurnLeaseOwner(UUID tenantId, UUID chatId, Instant now) {
      return java.util.Optional.empty();
    }

    @Override
    public List<ChatSession> lockExpired(Instant now, int limit) {
      return List.of();
    }
  }

  static final class NoAgents implements AgentRepository {
    @Override
    public void insert(Agent agent) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void update(Agent agent) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Agent> find(UUID tenantId, UUID agentId) {
      return Optional.empty();
    }

    @Override
    public List<Agent> list(UUID tenantId, int skip, int take) {
      return List.of();
    }

    @Override
    public long count(UUID tenantId) {
      return 0;
    }
  }

  /** A ledger with nothing in it. */
  static final class NoUsage implements dev.parley.application.port.out.UsageLedger {
    @Override
    public void record(Entry entry) {}

    @Override
    public List<Group> summarize(UUID tenantId, java.time.Instant from, java.time.Instant to, GroupBy groupBy) {
      return List.of();
    }

    @Override
    public Totals chatTotals(UUID tenantId, UUID chatId) {
      return Totals.NONE;
    }

    @Override
    public Totals agentTotals(UUID tenantId, UUID agentId, java.time.Instant from, java.time.Instant to) {
      return Totals.NONE;
    }

    @Override
    public Totals tenantTotals(UUID tenantId, java.time.Instant from, java.time.Instant to) {
      return Totals.NONE;
    }
  }

  static final class NoModel implements LanguageModel {
    @Override
    public ModelReply complete(ModelRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Analysis analyze(AgentDefinition agent, dev.parley.application.port.out.ModelRoute route,
                            List<Message> transcript, String finalReason) {
      return Analysis.of(Map.of("summary", ""));
    }

    @Override
    public List<String> validate(AgentDefinition agent) {
      return List.of();
    }
  }
}
