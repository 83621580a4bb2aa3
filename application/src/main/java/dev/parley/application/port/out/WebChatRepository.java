package dev.parley.application.port.out;

import dev.parley.domain.session.Message;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Outbound port: what the web chat socket needs beyond the session itself — which integration opened a chat and
 * the hash of its resume token, and the log of frames sent on it (numbered by {@code seq}) so a reconnecting client
 * gets what it missed.
 */
public interface WebChatRepository {
  /** A web chat: the session it is, and the integration that opened it. */
  record WebChatLink(UUID tenantId, UUID chatId, UUID integrationId) {}

  /** A chat by its full key (tenant first, like every key of the schema). */
  record ChatRef(UUID tenantId, UUID chatId) {}

  void insertLink(WebChatLink link, byte[] resumeTokenHash, Instant now);

  /** The chat whose resume token hashes to {@code resumeTokenHash}, within the tenant (its key starts with it). */
  Optional<WebChatLink> findLinkByResumeHash(UUID tenantId, byte[] resumeTokenHash);

  /** The highest seq logged for the chat, 0 when none. */
  long lastSeq(UUID tenantId, UUID chatId);

  /** Logs one frame under {@code seq}; false (and nothing written) if that seq is already taken. */
  boolean appendFrame(UUID tenantId, UUID chatId, long seq, String frame, boolean replayable, Instant at);

  /** A frame to log: its seq, its stored form, and whether a resume replays it. */
  record LoggedFrame(long seq, String frame, boolean replayable) {}

  /**
   * Logs frames and moves the delivery cursor forward to {@code messagesSent} (never back) in one statement: one
   * commit for a turn's replies instead of one per frame and one for the cursor. Answers the seqs that were already
   * taken (nothing written for those, and the cursor not moved: the caller renumbers them, then moves it).
   */
  Set<Long> appendFramesMarkingSent(UUID tenantId, UUID chatId, List<LoggedFrame> frames, Instant at, int messagesSent);

  /** Replayable frames after {@code afterSeq}, in seq order, at most {@code limit}. */
  List<String> replayableFramesAfter(UUID tenantId, UUID chatId, long afterSeq, int limit);

  /** Forgets a final chat's frames: nobody can resume it any more. */
  void deleteFrames(UUID tenantId, UUID chatId);

  /**
   * Deletes the frame logs of at most {@code chatLimit} final chats — those that ended with no socket watching (a
   * tab closed, then the TTL); answers how many frames went.
   */
  int purgeFramesOfFinalChats(int chatLimit);

  /** Which of these chat sessions are final (one query for every socket an instance holds). */
  Set<UUID> finalAmong(Collection<ChatRef> chats);

  /** A chat's status as a socket watching it needs it: ended or not, and how long its transcript is. */
  record ChatState(UUID chatId, boolean isFinal, int messageCount) {}

  /** The state of each of these chats that still exists (one query for every socket an instance holds). */
  List<ChatState> statesAmong(Collection<ChatRef> chats);

  /** A web integration by its full key. */
  record IntegrationRef(UUID tenantId, UUID integrationId) {}

  /** Which of these web integrations are revoked (their ids). */
  Set<UUID> revokedAmong(Collection<IntegrationRef> integrations);

  /** The chat's transcript from {@code fromSeq} on (0 is the first message), in order, at most {@code limit}. */
  List<Message> transcriptFrom(UUID tenantId, UUID chatId, int fromSeq, int limit);

  /** How many transcript messages the chat's sockets were already sent (the cursor of the live delivery). */
  int messagesSent(UUID tenantId, UUID chatId);

  /** Moves the cursor forward to {@code count} (never back). */
  void markMessagesSent(UUID tenantId, UUID chatId, int count);
}
