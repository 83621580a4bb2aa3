package dev.parley.adapter.in.ws;

import dev.parley.application.port.out.WebChatRepository;
import dev.parley.application.service.FindFinalChats;
import dev.parley.application.service.WebChatFrames;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic socket upkeep: notices web chats that ended elsewhere (TTL sweeper, REST end) — one query per batch of
 * sockets — so their clients get conversationResult and closed; deletes the frame logs of chats that ended with no
 * socket watching; and pings every socket so idle ones stay open through proxies and dead peers are found.
 */
@Singleton
@Requires(property = "parley.webchat.maintenance.enabled", notEquals = "false")
public class WebCallMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(WebCallMaintenance.class);
  private static final int BATCH = 1000;

  private final ChatLines lines;
  private final FindFinalChats findFinal;
  private final WebChatFrames frames;

  public WebCallMaintenance(ChatLines lines, FindFinalChats findFinal, WebChatFrames frames) {
    this.lines = lines;
    this.findFinal = findFinal;
    this.frames = frames;
  }

  @Scheduled(fixedDelay = "${parley.webchat.watch-interval:2s}", initialDelay = "2s")
  void watchEndings() {
    try {
      List<WebChatRepository.ChatRef> watched = lines.watched();
      for (int from = 0; from < watched.size(); from += BATCH) {
        Set<UUID> ended = findFinal.among(watched.subList(from, Math.min(watched.size(), from + BATCH)));
        for (UUID chatId : ended) {
          ChatLine line = lines.line(chatId);
          WebCallConnection connection = line == null ? null : line.connection();
          if (connection != null) connection.checkEnded();
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("web chat ending check failed; it runs again shortly: {}", e.getMessage());
    }
  }

  @Scheduled(fixedDelay = "${parley.webchat.purge-interval:1m}", initialDelay = "1m")
  void purgeEndedLogs() {
    try {
      int purged = frames.purgeEnded(500);
      if (purged > 0) LOG.debug("web chat frame logs of ended chats purged: {} frames", purged);
    } catch (RuntimeException e) {
      LOG.warn("web chat frame purge failed; it runs again later: {}", e.getMessage());
    }
  }

  @Scheduled(fixedDelay = "${parley.webchat.ping-interval:30s}", initialDelay = "30s")
  void ping() {
    for (WebCallConnection connection : lines.connections()) connection.ping();
  }
}
