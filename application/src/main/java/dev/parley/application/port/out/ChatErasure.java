package dev.parley.application.port.out;

import java.time.Instant;
import java.util.UUID;

/** Outbound port: erases a chat for real (transcript, activity, turns, outbox) and keeps only an audit record. */
public interface ChatErasure {
  enum Outcome { ERASED, NOT_FOUND, TURN_RUNNING }

  /** Must run in a transaction: locks the session, refuses while a turn holds its lease, then deletes. */
  Outcome erase(UUID tenantId, UUID chatId, String erasedBy, Instant now);
}
