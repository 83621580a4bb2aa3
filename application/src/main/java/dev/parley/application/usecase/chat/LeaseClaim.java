package dev.parley.application.usecase.chat;

import dev.parley.application.policy.WireNames;
import dev.parley.application.error.BusyException;
import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.event.SessionEffects;
import dev.parley.application.policy.Limits;
import dev.parley.application.port.in.SubmitTurnCommand;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.usecase.control.CancelTurn;
import dev.parley.domain.session.BusyPolicy;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.SessionFinalException;
import dev.parley.domain.session.SessionStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * A turn's claim of its chat's turn lease (part of {@link SubmitUserTurn}). While another turn holds it, the busy
 * policy decides: wait for it (bounded), refuse at once, or ask it to stop and then wait for it. The successful claim
 * and what the caller does under it ({@code begin}) are one transaction, so one commit (docs/decisions/0019).
 */
final class LeaseClaim {
  private final ChatSessionRepository sessions;
  private final AgentRepository agents;
  private final UnitOfWork uow;
  private final Clock clock;
  private final Limits limits;
  private final SessionEffects effects;

  LeaseClaim(ChatSessionRepository sessions, AgentRepository agents, UnitOfWork uow, Clock clock, Limits limits,
             SessionEffects effects) {
    this.sessions = sessions;
    this.agents = agents;
    this.uow = uow;
    this.clock = clock;
    this.limits = limits;
    this.effects = effects;
  }

  <T> T claim(SubmitTurnCommand cmd, UUID owner, Function<ChatSession, T> begin) {
    Instant deadline = clock.now().plus(limits.turnWait());
    BusyPolicy policy = null; // read on the first contention only
    while (true) {
      Instant now = clock.now();
      Optional<T> claimed = uow.inTransaction(() ->
          sessions.claimTurnLease(cmd.tenantId(), cmd.chatId(), owner, now, now.plus(limits.turnLease())).map(begin));
      if (claimed.isPresent()) return claimed.get();
      SessionStatus status = sessions.findStatus(cmd.tenantId(), cmd.chatId())
          .orElseThrow(() -> new NotFoundException("chat", cmd.chatId()));
      if (status == SessionStatus.FINAL) throw new SessionFinalException(cmd.chatId());
      if (policy == null) {
        policy = busyPolicy(cmd);
        switch (policy.decide(true)) {
          case REFUSE -> throw busy(cmd.chatId());
          case INTERRUPT_THEN_RUN -> CancelTurn.requestStop(sessions, effects.notifier(), clock, cmd.tenantId(), cmd.chatId());
          default -> { } // wait below
        }
      }
      if (now.isAfter(deadline))
        throw new ConflictException("turn_in_progress", "another turn is running on chat " + cmd.chatId() + "; retry shortly");
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConflictException("turn_in_progress", "interrupted while waiting for the running turn");
      }
    }
  }

  /** The message's on_busy, else its chat's agent's busy_policy. */
  BusyPolicy busyPolicy(SubmitTurnCommand cmd) {
    BusyPolicy own = WireNames.busyPolicyOr("on_busy", cmd.onBusy(), null);
    if (own != null) return own;
    return sessions.findHeader(cmd.tenantId(), cmd.chatId()).flatMap(s -> agents.find(cmd.tenantId(), s.agentId()))
        .map(a -> a.definition().busyPolicy()).orElse(BusyPolicy.ENQUEUE);
  }

  static BusyException busy(UUID chatId) {
    return new BusyException("a turn is running on chat " + chatId + "; its busy policy refuses new messages meanwhile", 1);
  }
}
