package dev.parley.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Outbound port: erases chats for real and keeps only content-free audit records. Erasing a chat removes every copy
 * of what it held: transcript, turn records, activity, analysis, web chat frames, outbox rows, stored
 * Idempotency-Key answers, the hidden agent snapshot of a stateless conversation, and cached copies of those.
 */
public interface ChatErasure {
  enum Outcome { ERASED, NOT_FOUND, TURN_RUNNING }

  /** A chat of a tenant. */
  record ChatRef(UUID tenantId, UUID chatId) {}

  /** What erasing a user did: nothing when a turn was running on one of the user's chats (all or nothing). */
  record UserOutcome(boolean turnRunning, int chatsErased) {}

  /** Must run in a transaction: locks the session, refuses while a turn holds its lease, then deletes. */
  Outcome erase(UUID tenantId, UUID chatId, String erasedBy, Instant now);

  /**
   * Must run in a transaction: erases every chat whose {@code user_id} is {@code userId} and the user row, and keeps
   * one audit record {@code auditId} holding {@code userHash} (never the user id) and the number of chats erased.
   */
  UserOutcome eraseUser(UUID tenantId, String userId, UUID auditId, byte[] userHash, String erasedBy, Instant now);

  /**
   * Must run in a transaction: locks (SKIP LOCKED) at most {@code limit} final chats that ended more than their
   * tenant's retention period before {@code now}; a tenant without one uses {@code defaultDays} (null: kept forever).
   */
  List<ChatRef> lockPastRetention(Instant now, Integer defaultDays, int limit);

  /** Erases a chat whose row the caller's transaction has locked (see {@link #lockPastRetention}). */
  void eraseLocked(ChatRef chat, String erasedBy, Instant now);
}
