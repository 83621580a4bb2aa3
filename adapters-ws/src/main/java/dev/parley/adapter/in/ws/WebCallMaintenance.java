package dev.parley.adapter.in.ws;

import dev.parley.application.port.in.WebChatFramesUseCase;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic socket upkeep: a fallback check behind the chat event feed (endings, transcript messages and revoked
 * integrations of every socket here, read from the database — events make this fast, the check makes it certain);
 * deletes the frame logs of chats that ended with no socket watching; and pings every socket so idle ones stay open
 * through proxies and dead peers are found.
 */
@Singleton
@Requires(property = "parley.webchat.maintenance.enabled", notEquals = "false")
public class WebCallMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(WebCallMaintenance.class);

  private final ChatLines lines;
  private final WebCallEvents events;
  private final WebChatFramesUseCase frames;

  public WebCallMaintenance(ChatLines lines, WebCallEvents events, WebChatFramesUseCase frames) {
    this.lines = lines;
    this.events = events;
    this.frames = frames;
  }

  @Scheduled(fixedDelay = "${parley.webchat.watch-interval:15s}", initialDelay = "5s")
  void watch() {
    events.checkAll();
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
