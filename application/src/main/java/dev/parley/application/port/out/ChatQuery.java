package dev.parley.application.port.out;

import java.time.Instant;
import java.util.UUID;

/**
 * Filters of the session list (the hosted system's query parameters, plus user id and mode: {@code agent},
 * {@code human} or null for both). With {@code includeMessages}, each chat carries its latest {@code listedMessages}
 * messages (0: all of them).
 */
public record ChatQuery(
    UUID tenantId, String state, UUID agentId, String channel, String userId, Instant updatedAfter,
    int skip, int take, boolean includeMessages, int listedMessages, String mode) {

  public ChatQuery(UUID tenantId, String state, UUID agentId, String channel, String userId, Instant updatedAfter,
                   int skip, int take, boolean includeMessages) {
    this(tenantId, state, agentId, channel, userId, updatedAfter, skip, take, includeMessages, 0, null);
  }

  public ChatQuery withListedMessages(int perChat) {
    return new ChatQuery(tenantId, state, agentId, channel, userId, updatedAfter, skip, take, includeMessages, perChat, mode);
  }

  /** Only chats in this mode ({@code agent} or {@code human}); null: both. */
  public ChatQuery withMode(String only) {
    return new ChatQuery(tenantId, state, agentId, channel, userId, updatedAfter, skip, take, includeMessages, listedMessages, only);
  }
}
