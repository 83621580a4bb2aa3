package dev.parley.adapter.in.ws.vendor;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/**
 * Upkeep of the {@code /ws/chat} sockets open here, on the webCall socket's schedule ({@code parley.webchat.*}): the
 * fallback check behind the chat event feed (endings and new transcript messages of every socket here, read from
 * the database: events make this fast, the check makes it certain), and pings so idle sockets outlive proxies.
 */
@Singleton
@Requires(property = "parley.webchat.maintenance.enabled", notEquals = "false")
public class VendorChatMaintenance {
  private final VendorChatContext ctx;
  private final VendorChatEvents events;

  public VendorChatMaintenance(VendorChatContext ctx, VendorChatEvents events) {
    this.ctx = ctx;
    this.events = events;
  }

  @Scheduled(fixedDelay = "${parley.webchat.watch-interval:15s}", initialDelay = "5s")
  void watch() {
    events.checkAll();
  }

  @Scheduled(fixedDelay = "${parley.webchat.ping-interval:30s}", initialDelay = "30s")
  void ping() {
    for (VendorChatConnection connection : ctx.open) connection.ping();
  }
}
