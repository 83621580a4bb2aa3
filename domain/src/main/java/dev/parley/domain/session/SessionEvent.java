package dev.parley.domain.session;

import java.time.Instant;
import java.util.UUID;

/**
 * What happened to a session; returned by the aggregate's transitions. The application turns them into effects (the
 * activity log, the completion outbox, notices to other instances) in the transaction that saves the session.
 */
public sealed interface SessionEvent {
  UUID chatId();

  Instant at();

  record SessionOpened(UUID chatId, String channel, UUID agentId, Instant at) implements SessionEvent {}

  record MessageAppended(UUID chatId, Role role, Instant at) implements SessionEvent {}

  record ModeChanged(UUID chatId, ConversationMode mode, String reason, Instant at) implements SessionEvent {}

  record SessionEnded(UUID chatId, FinalReason reason, Instant at) implements SessionEvent {}
}
