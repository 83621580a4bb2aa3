package dev.parley.application.usecase.webhook;

import dev.parley.application.policy.WireNames;
import dev.parley.application.port.in.DeliverCompletionEventsUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.AnalysisStore;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.SessionDocument;
import dev.parley.application.turn.ModelRoutes;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.application.port.out.WebhookOutbox.Delivery;
import dev.parley.application.port.out.WebhookSender;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.CompletionWebhook;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Use case: the outbox worker. Claims due completion events, runs the post-call analysis once, then delivers
 * the signed webhook at least once: network errors, time-outs, 408, 429 and 5xx are retried with exponential
 * back-off and jitter up to the horizon; any other 4xx dead-letters at once. At shutdown, {@link #releaseClaims()}
 * gives the claimed events not yet finished back to the queue, so another instance sends them at once instead of
 * after the lease.
 */
public final class DeliverCompletionEvents implements DeliverCompletionEventsUseCase {
  private final WebhookOutbox outbox;
  private final WebhookSender sender;
  private final ChatSessionRepository sessions;
  private final AgentRepository agents;
  private final AnalysisStore analyses;
  private final LanguageModel model;
  private final ModelRoutes routes;
  private final dev.parley.application.port.out.UsageLedger ledger;
  private final UnitOfWork uow;
  private final Clock clock;
  private final RetryPolicy retry;
  private dev.parley.application.port.out.ToolApprovals approvals; // null: approval events carry only the chat
  private static final int ANALYSIS_ATTEMPTS = 3;
  private final Map<UUID, Delivery> claimed = new ConcurrentHashMap<>(); // claimed here, not finished yet
  private volatile boolean stopping;
  private dev.parley.application.turn.RecordModelUsage usage; // null: analysis calls are not booked (tests)
  private dev.parley.application.port.out.TenantCurrency currencies = dev.parley.application.port.out.TenantCurrency.NONE;

  /** When to try again: first after about {@code first}, doubling up to {@code max}, given up after {@code horizon}. */
  public record RetryPolicy(Duration first, Duration max, Duration horizon, Duration lease) {
    public static final RetryPolicy DEFAULT =
        new RetryPolicy(Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofHours(72), Duration.ofSeconds(60));

    /** Delay before attempt {@code attempts + 1}, with ±20% jitter. */
    public Duration delayAfter(int attempts) {
      double base = first.toMillis() * Math.pow(2, Math.max(0, attempts - 1));
      double capped = Math.min(base, max.toMillis());
      double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
      return Duration.ofMillis((long) (capped * jitter));
    }
  }

  public DeliverCompletionEvents(WebhookOutbox outbox, WebhookSender sender, ChatSessionRepository sessions,
                                 AgentRepository agents, AnalysisStore analyses, LanguageModel model, ModelRoutes routes,
                                 dev.parley.application.port.out.UsageLedger ledger, UnitOfWork uow,
                                 Clock clock, RetryPolicy retry) {
    this.outbox = outbox;
    this.sender = sender;
    this.sessions = sessions;
    this.agents = agents;
    this.analyses = analyses;
    this.model = model;
    this.routes = routes;
    this.ledger = ledger;
    this.uow = uow;
    this.clock = clock;
    this.retry = retry;
  }

  /** Books the analysis's model calls (kind {@code analysis}) in the usage ledger and the token counters. */
  public DeliverCompletionEvents withUsage(dev.parley.application.turn.RecordModelUsage usage) {
    this.usage = usage;
    return this;
  }

  /** Names the tenant's currency beside the cost in the payload. */
  public DeliverCompletionEvents withCurrency(dev.parley.application.port.out.TenantCurrency currencies) {
    this.currencies = currencies;
    return this;
  }

  /** Delivers one batch of due events; answers how many it attempted. */
  @Override
  public int deliverDue(int batchSize) {
    if (stopping) return 0;
    Instant now = clock.now();
    List<Delivery> due = uow.inTransaction(() -> outbox.claimDue(now, now.plus(retry.lease()), batchSize));
    for (Delivery d : due) claimed.put(d.id(), d);
    int attempted = 0;
    for (Delivery d : due) {
      if (stopping) break; // releaseClaims gave the rest back
      deliver(d);
      claimed.remove(d.id());
      attempted++;
    }
    return attempted;
  }

  /**
   * Stops claiming and gives back every claimed event not finished, the one being sent included (its attempt still
   * ends; a success is recorded, a failure is not: the event is someone else's by then). Answers how many.
   */
  @Override
  public int releaseClaims() {
    stopping = true;
    Instant now = clock.now();
    int released = 0;
    for (Delivery d : List.copyOf(claimed.values())) {
      if (outbox.release(d.tenantId(), d.id(), d.nextAttemptAt(), now)) released++; // nextAttemptAt: the claim's end
      claimed.remove(d.id());
    }
    return released;
  }

  private void deliver(Delivery d) {
    Optional<ChatSession> session = sessions.find(d.tenantId(), d.chatId());
    if (session.isEmpty()) { // erased since: nothing left to report
      outbox.markDead(d.tenantId(), d.id(), d.attempts(), "chat no longer exists", null);
      return;
    }
    // only the ending runs the analysis: a handoff's event must not fix it before the conversation is over
    Map<String, Object> analysis = dev.parley.application.event.SessionEffects.COMPLETED_EVENT.equals(d.eventType()) ? analysisOf(session.get()) : null;
    if (d.url() == null) {
      outbox.markDelivered(d.tenantId(), d.id(), d.attempts(), clock.now(), null);
      return;
    }
    int attempts = d.attempts() + 1;
    Map<String, Object> payload = withApproval(d, payload(d, session.get(), analysis,
        ledger.chatTotals(d.tenantId(), session.get().id()), currencies.find(d.tenantId())));
    TimedSend.Outcome sent = TimedSend.send(sender, clock, d.url(), currentSecret(d, session.get()), d.id().toString(), payload);
    WebhookSender.Result result = sent.result();
    Instant now = clock.now();
    if (!result.delivered() && !claimed.containsKey(d.id())) return; // released meanwhile: the next claimer decides
    if (result.delivered()) {
      outbox.markDelivered(d.tenantId(), d.id(), attempts, now, sent.attempt());
    } else {
      String error = sent.attempt().error();
      Instant next = now.plus(retry.delayAfter(attempts));
      Instant deadline = d.createdAt().plus(retry.horizon());
      if (!result.retryable() || !now.isBefore(deadline))
        outbox.markDead(d.tenantId(), d.id(), attempts, error, sent.attempt());
      else // the last try lands on the horizon itself, so a receiver back just before it still gets the event
        outbox.scheduleRetry(d.tenantId(), d.id(), attempts, next.isAfter(deadline) ? deadline : next, error, sent.attempt());
    }
  }

  /**
   * The agent's webhook secret now, not the one queued with the event: a retry or a replay days later must be signed
   * with what the receiver verifies with after a rotation, never with a secret the tenant has since replaced. Only
   * when the agent no longer has a completion webhook is the queued secret, its last one, used.
   */
  private String currentSecret(Delivery d, ChatSession session) {
    CompletionWebhook hook = agents.find(d.tenantId(), session.agentId()).map(a -> a.definition().completionWebhook()).orElse(null);
    return hook != null ? hook.secret() : d.secret();
  }

  private Map<String, Object> analysisOf(ChatSession session) {
    return analyses.find(session.tenantId(), session.id()).orElseGet(() -> {
      Map<String, Object> analysis = analyzeWithRetries(session);
      analyses.save(session.tenantId(), session.id(), analysis);
      return analysis;
    });
  }

  /** A bounded number of attempts; a failure is recorded as the analysis and never blocks the webhook. */
  private Map<String, Object> analyzeWithRetries(ChatSession session) {
    Optional<Agent> agent = agents.find(session.tenantId(), session.agentId());
    if (agent.isEmpty()) return Map.of("summary", "");
    String reason = WireNames.of(session.finalReason().orElse(null));
    String lastError = null;
    for (int attempt = 1; attempt <= ANALYSIS_ATTEMPTS; attempt++) {
      try {
        AgentDefinition definition = agent.get().definition();
        dev.parley.application.port.out.ModelRoute route = routes.route(session.tenantId(), definition.model());
        LanguageModel.Analysis analysis = model.analyze(definition, route, session.messages(), reason);
        // each call that answered used tokens, whether or not its answer was usable: they count like a turn's
        if (usage != null)
          for (LanguageModel.Metering call : analysis.calls())
            usage.record(session.tenantId(), session.agentId(), session.id(), "analysis", route, call);
        return analysis.result();
      } catch (RuntimeException e) {
        lastError = String.valueOf(e.getMessage());
        pause(attempt);
      }
    }
    return Map.of("error", lastError, "attempts", ANALYSIS_ATTEMPTS);
  }

  private static void pause(int attempt) {
    if (attempt >= ANALYSIS_ATTEMPTS) return;
    try {
      Thread.sleep(250L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads the approvals a chat.approval_requested event names (its event id is the approval's id). */
  public DeliverCompletionEvents withApprovals(dev.parley.application.port.out.ToolApprovals approvals) {
    this.approvals = approvals;
    return this;
  }

  /** chat.approval_requested carries the approval it announces, as it stands when delivered (decided meanwhile, too). */
  @SuppressWarnings("unchecked")
  private Map<String, Object> withApproval(Delivery d, Map<String, Object> payload) {
    if (approvals == null || !dev.parley.application.control.Approvals.APPROVAL_REQUESTED.equals(d.eventType())) return payload;
    approvals.find(d.tenantId(), d.chatId(), d.id()).ifPresent(a -> {
      Map<String, Object> approval = new LinkedHashMap<>();
      approval.put("id", a.id().toString());
      approval.put("tool", a.call().name());
      approval.put("arguments", a.call().arguments());
      approval.put("status", WireNames.of(a.status()));
      ((Map<String, Object>) payload.get("data")).put("approval", approval);
    });
    return payload;
  }

  private static Map<String, Object> payload(Delivery d, ChatSession s, Map<String, Object> analysis,
                                             dev.parley.application.port.out.UsageLedger.Totals totals, String currency) {
    Map<String, Object> data = SessionDocument.of(s);
    data.put("call_id", s.callId().toString());
    // a handoff event names the hands the chat passed into, whatever changed before its delivery (a quick handback)
    if (dev.parley.application.control.Handoffs.HANDOFF_REQUESTED.equals(d.eventType())) {
      data.put("mode", WireNames.of(dev.parley.domain.session.ConversationMode.HUMAN));
      if (d.reason() != null) data.put("reason", d.reason()); // given to POST .../handoff or to transferToHuman
    }
    else if (dev.parley.application.control.Handoffs.HANDOFF_ENDED.equals(d.eventType()))
      data.put("mode", WireNames.of(dev.parley.domain.session.ConversationMode.AGENT));
    if (analysis != null) data.put("analysis", analysis);
    // what the chat's model calls used in all (null cost: no price on the connection)
    data.put("usage", Map.of("input_tokens", totals.usage().inputTokens(), "output_tokens", totals.usage().outputTokens(),
        "cached_input_tokens", totals.usage().cachedInputTokens()));
    data.put("cost", totals.cost() == null ? null : totals.cost().toPlainString());
    data.put("currency", currency); // the tenant's ISO 4217 code; null while it has set none
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", d.id().toString());
    payload.put("type", d.eventType());
    payload.put("created_at", d.createdAt().toString());
    payload.put("data", data);
    return payload;
  }

}
