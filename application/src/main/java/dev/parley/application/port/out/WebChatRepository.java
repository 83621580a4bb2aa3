package dev.parley.application.port.out;

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

  Optional<WebChatLink> findLinkByResumeHash(byte[] resumeTokenHash);

  /** The highest seq logged for the chat, 0 when none. */
  long lastSeq(UUID tenantId, UUID chatId);

  /** Logs one frame under {@code seq}; false (and nothing written) if that seq is already taken. */
  boolean appendFrame(UUID tenantId, UUID chatId, long seq, String frame, boolean replayable, Instant at);

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
}
