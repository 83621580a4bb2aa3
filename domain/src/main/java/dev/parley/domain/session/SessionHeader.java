package dev.parley.domain.session;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Read model: what a chat is, without its transcript or its rules — for status checks, for binding a socket or a
 * stream to a chat, and for lists. It changes nothing; a change goes through the {@link ChatSession} aggregate,
 * loaded in full or claimed for a turn. {@code messageCount} is how many messages the transcript holds;
 * {@code endpoint} and {@code finalReason} may be null.
 */
public record SessionHeader(UUID id, UUID tenantId, UUID agentId, UUID callId, String channel, ExternalEndpoint endpoint,
                            SessionStatus status, FinalReason finalReason, ConversationMode mode, int messageCount,
                            Instant createdAt, Instant lastActivity) {
  public SessionHeader {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(status, "status");
    if ((status == SessionStatus.FINAL) != (finalReason != null))
      throw new IllegalArgumentException("chat " + id + ": a final session has a reason and an active one has none");
    if (messageCount < 0) throw new IllegalArgumentException("chat " + id + ": messageCount must not be negative");
    mode = mode == null ? ConversationMode.AGENT : mode;
  }

  /** The header of a session in memory (just opened or loaded). */
  public static SessionHeader of(ChatSession s) {
    return new SessionHeader(s.id(), s.tenantId(), s.agentId(), s.callId(), s.channel(), s.endpoint().orElse(null),
        s.status(), s.finalReason().orElse(null), s.mode(), s.messageCount(), s.createdAt(), s.lastActivity());
  }

  public boolean isFinal() {
    return status == SessionStatus.FINAL;
  }
}
