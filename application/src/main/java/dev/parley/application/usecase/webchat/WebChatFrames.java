package dev.parley.application.usecase.webchat;

import dev.parley.application.port.in.WebChatFramesUseCase;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.WebChatRepository;
import dev.parley.domain.session.Message;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Use case: the numbered log of what a web chat's socket was sent. Every frame takes the next {@code seq} of its
 * conversation — across reconnects too — and replayable ones are kept so a reconnecting client gets what it missed.
 */
public final class WebChatFrames implements WebChatFramesUseCase {
  private final WebChatRepository webChats;
  private final Clock clock;
  private final int maxReplay;

  public WebChatFrames(WebChatRepository webChats, Clock clock, int maxReplay) {
    this.webChats = webChats;
    this.clock = clock;
    this.maxReplay = maxReplay;
  }

  @Override
  public long lastSeq(UUID tenantId, UUID chatId) {
    return webChats.lastSeq(tenantId, chatId);
  }

  /** False when {@code seq} was taken meanwhile (another socket of the chat): the caller re-reads lastSeq. */
  @Override
  public boolean append(UUID tenantId, UUID chatId, long seq, String frame, boolean replayable) {
    return webChats.appendFrame(tenantId, chatId, seq, frame, replayable, clock.now());
  }

  /**
   * Logs a turn's frames and moves the delivery cursor to {@code messagesSent} in one commit; answers the seqs that
   * another socket of the chat took meanwhile (not written: the caller renumbers those).
   */
  @Override
  public Set<Long> appendMarkingSent(UUID tenantId, UUID chatId, List<WebChatRepository.LoggedFrame> frames, int messagesSent) {
    return webChats.appendFramesMarkingSent(tenantId, chatId, frames, clock.now(), messagesSent);
  }

  /** The replayable frames after {@code lastSeq}, oldest first, bounded (a very old lastSeq gets the newest ones). */
  @Override
  public List<String> after(UUID tenantId, UUID chatId, long lastSeq) {
    return webChats.replayableFramesAfter(tenantId, chatId, lastSeq, maxReplay);
  }

  @Override
  public void forget(UUID tenantId, UUID chatId) {
    webChats.deleteFrames(tenantId, chatId);
  }

  /**
   * Forgets the logs of chats that ended while no socket was there to do it, {@code chatsPerBatch} chats at a time
   * (bounded rounds, so one run never goes on forever); answers how many frames went.
   */
  @Override
  public int purgeEnded(int chatsPerBatch) {
    int total = 0;
    for (int round = 0; round < 100; round++) {
      int frames = webChats.purgeFramesOfFinalChats(chatsPerBatch);
      if (frames == 0) break;
      total += frames;
    }
    return total;
  }

  // --- live delivery of transcript messages written elsewhere (a REST turn, another instance)

  /** The transcript from {@code fromSeq} on, bounded; the caller asks again from where it got to. */
  @Override
  public List<Message> transcriptFrom(UUID tenantId, UUID chatId, int fromSeq, int limit) {
    return webChats.transcriptFrom(tenantId, chatId, fromSeq, limit);
  }

  /** How many transcript messages were already shown on the chat's sockets, whichever instance held them. */
  @Override
  public int messagesSent(UUID tenantId, UUID chatId) {
    return webChats.messagesSent(tenantId, chatId);
  }

  @Override
  public void markMessagesSent(UUID tenantId, UUID chatId, int count) {
    webChats.markMessagesSent(tenantId, chatId, count);
  }

  /** Ended or not, and transcript length, of chats held by sockets (the fallback check behind the event feed). */
  @Override
  public List<WebChatRepository.ChatState> states(Collection<WebChatRepository.ChatRef> chats) {
    return chats.isEmpty() ? List.of() : webChats.statesAmong(chats);
  }

  @Override
  public Set<UUID> revokedAmong(Collection<WebChatRepository.IntegrationRef> integrations) {
    return integrations.isEmpty() ? Set.of() : webChats.revokedAmong(integrations);
  }
}
