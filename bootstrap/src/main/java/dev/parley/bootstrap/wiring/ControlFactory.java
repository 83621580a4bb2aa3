package dev.parley.bootstrap.wiring;

import dev.parley.application.control.CancelTurn;
import dev.parley.application.control.RunningTurns;
import dev.parley.application.port.out.ChatEventFeed;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.policy.Limits;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Wires conversation control (issue 20): cancelling turns across instances, handoff, approvals, live feeds. */
@Factory
public class ControlFactory {

  /** This instance's running turns; they hear cancels from every instance through the event feed. */
  @Singleton
  RunningTurns runningTurns(ChatEventFeed feed) {
    RunningTurns running = new RunningTurns();
    feed.subscribe(running);
    return running;
  }

  @Singleton
  CancelTurn cancelTurn(ChatSessionRepository sessions, ChatEventNotifier events, Clock clock, Limits limits) {
    return new CancelTurn(sessions, events, clock, limits.turnWait());
  }
}
