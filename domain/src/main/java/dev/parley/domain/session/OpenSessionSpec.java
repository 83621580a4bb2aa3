package dev.parley.domain.session;

import dev.parley.domain.common.InvalidValueException;
import java.util.Map;
import java.util.UUID;

/** Everything needed to open a session, validated. */
public record OpenSessionSpec(
    UUID chatId,
    UUID callId,
    UUID tenantId,
    UUID agentId,
    String channel,
    ExternalEndpoint endpoint,
    String userId,
    String title,
    Map<String, Object> metadata,
    AdditionalData additionalData,
    Ttl ttl) {
  public OpenSessionSpec {
    if (chatId == null || callId == null || tenantId == null || agentId == null)
      throw new InvalidValueException("id", "chat, call, tenant and agent ids are required");
    InvalidValueException.requireNonBlank("channel", channel);
    if (channel.length() > 64) throw new InvalidValueException("channel", "channel must be at most 64 characters");
    if (userId != null && userId.length() > 256) throw new InvalidValueException("user_id", "user_id must be at most 256 characters");
    if (title != null && title.length() > 512) throw new InvalidValueException("title", "title must be at most 512 characters");
    metadata = metadata == null ? Map.of() : metadata;
    additionalData = additionalData == null ? AdditionalData.EMPTY : additionalData;
  }
}
