package dev.parley.application.port.in;

import dev.parley.application.port.out.WebChatRepository;
import dev.parley.domain.session.Message;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Inbound port: the numbered log of what a web chat's socket was sent. Implemented by {@code
 * usecase.webchat.WebChatFrames}.
 */
public interface WebChatFramesUseCase {
  long lastSeq(UUID tenantId, UUID chatId);

  /** False when {@code seq} was taken meanwhile (another socket of the chat): the caller re-reads lastSeq. */
  boolean append(UUID tenantId, UUID chatId, long seq, String frame, boolean replayable);

  /**
   * Logs a turn's frames and moves the delivery cursor to {@code messagesSent} in one commit; answers the seqs that
   * another socket of the chat took meanwhile (not written: the caller renumbers those).
   */
  Set<Long> appendMarkingSent(UUID tenantId, UUID chatId, List<WebChatRepository.LoggedFrame> frames, int messagesSent);

  /** The replayable frames after {@code lastSeq}, oldest first, bounded (a very old lastSeq gets the newest ones). */
  List<String> after(UUID tenantId, UUID chatId, long lastSeq);

  void forget(UUID tenantId, UUID chatId);

  /**
   * Forgets the logs of chats that ended while no socket was there to do it, {@code chatsPerBatch} chats at a time
   * (bounded rounds, so one run never goes on forever); answers how many frames went.
   */
  int purgeEnded(int chatsPerBatch);

  /** The transcript from {@code fromSeq} on, bounded; the caller asks again from where it got to. */
  List<Message> transcriptFrom(UUID tenantId, UUID chatId, int fromSeq, int limit);

  /** How many transcript messages were already shown on the chat's sockets, whichever instance held them. */
  int messagesSent(UUID tenantId, UUID chatId);

  void markMessagesSent(UUID tenantId, UUID chatId, int count);

  /** Ended or not, and transcript length, of chats held by sockets (the fallback check behind the event feed). */
  List<WebChatRepository.ChatState> states(Collection<WebChatRepository.ChatRef> chats);

  Set<UUID> revokedAmong(Collection<WebChatRepository.IntegrationRef> integrations);
}
