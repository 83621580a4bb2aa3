package dev.parley.adapter.in.ws;

import dev.parley.application.port.out.WebChatRepository;
import dev.parley.application.service.FindFinalChats;
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
 * sockets — so their clients get conversationResult and closed; and pings every socket so idle ones stay open
 * through proxies and dead peers are found.
 */
@Singleton
@Requires(property = "parley.webchat.maintenance.enabled", notEquals = "false")
public class WebCallMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(WebCallMaintenance.class);
  private static final int BATCH = 1000;

  private final ChatLines lines;
  private final FindFinalChats findFinal;

  public WebCallMaintenance(ChatLines lines, FindFinalChats findFinal) {
    this.lines = lines;
    this.findFinal = findFinal;
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

  @Scheduled(fixedDelay = "${parley.webchat.ping-interval:30s}", initialDelay = "30s")
  void ping() {
    for (WebCallConnection connection : lines.connections()) connection.ping();
  }
}
