package dev.parley.adapter.in.ws.vendor;

import dev.parley.application.port.in.FindFinalChatsUseCase;
import dev.parley.application.port.out.WebChatRepository;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upkeep of the {@code /ws/chat} sockets open here, on the webCall socket's schedule ({@code parley.webchat.*}):
 * notices chats that ended elsewhere (TTL sweeper, REST end, another socket) — one query per batch — so their
 * clients get {@code error chat_final} and a normal close; and pings every socket so idle ones outlive proxies.
 */
@Singleton
@Requires(property = "parley.webchat.maintenance.enabled", notEquals = "false")
public class VendorChatMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(VendorChatMaintenance.class);
  private static final int BATCH = 1000;

  private final VendorChatContext ctx;
  private final FindFinalChatsUseCase findFinal;

  public VendorChatMaintenance(VendorChatContext ctx, FindFinalChatsUseCase findFinal) {
    this.ctx = ctx;
    this.findFinal = findFinal;
  }

  @Scheduled(fixedDelay = "${parley.webchat.watch-interval:2s}", initialDelay = "2s")
  void watchEndings() {
    try {
      List<VendorChatConnection> ready = new ArrayList<>();
      for (VendorChatConnection c : ctx.open) if (c.state() == VendorChatConnection.State.READY) ready.add(c);
      for (int from = 0; from < ready.size(); from += BATCH) {
        List<VendorChatConnection> batch = ready.subList(from, Math.min(ready.size(), from + BATCH));
        Set<UUID> ended = findFinal.among(batch.stream()
            .map(c -> new WebChatRepository.ChatRef(c.tenantId(), c.chatId())).distinct().toList());
        for (VendorChatConnection c : batch) if (ended.contains(c.chatId())) c.checkEnded();
      }
    } catch (RuntimeException e) {
      LOG.warn("/ws/chat ending check failed; it runs again shortly: {}", e.getMessage());
    }
  }

  @Scheduled(fixedDelay = "${parley.webchat.ping-interval:30s}", initialDelay = "30s")
  void ping() {
    for (VendorChatConnection connection : ctx.open) connection.ping();
  }
}
