package dev.parley.application.port.in;

import dev.parley.application.policy.InputLimits;
import dev.parley.domain.session.Ttl;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Inbound port: what a client sends to open a chat (seed 01 and seed 04 fields together). Refuses at construction
 * what is wrong whatever the configuration: a channel, user id or title that is not storable text or is over its
 * fixed length, a TTL out of its range. The configured bounds (external id, additional data, metadata) are the use
 * case's.
 */
public record OpenChatCommand(UUID tenantId, UUID agentId, String channel, Object externalId, Integer ttlSeconds,
                              Map<String, Object> additionalData, String userId, String title,
                              Map<String, Object> metadata) {
  public OpenChatCommand {
    Objects.requireNonNull(tenantId, "tenantId");
    InputLimits.checkShortText("/channel", channel, InputLimits.CHANNEL_CHARS);
    InputLimits.checkShortText("/user_id", userId, InputLimits.USER_ID_CHARS);
    InputLimits.checkShortText("/title", title, InputLimits.TITLE_CHARS);
    if (ttlSeconds != null) new Ttl(ttlSeconds);
  }
}
