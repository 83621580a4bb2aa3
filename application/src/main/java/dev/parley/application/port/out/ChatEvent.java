package dev.parley.application.port.out;

import java.util.UUID;

/**
 * A change every server instance may need to hear about: ids only, never content (a listener reads what it needs).
 *
 * @param kind     what happened
 * @param tenantId the tenant of the chat or web integration
 * @param id       the chat (MESSAGES, ENDED, ATTACHED) or the web integration (INTEGRATION_REVOKED)
 * @param seq      MESSAGES, HANDED_OFF, HANDED_BACK, APPROVAL_REQUESTED and ENDED: the chat's transcript length after the
 *                 change (its next message seq); LOGGED: the id of the chat's last new event log entry; else 0
 * @param origin   ATTACHED: the instance whose socket now holds the chat; TURN_CANCELLED: the lease owner of the turn
 *                 to stop; APPROVAL_REQUESTED: the approval's id; else null
 */
public record ChatEvent(Kind kind, UUID tenantId, UUID id, long seq, UUID origin) {

  public enum Kind {
    /** Messages were appended to the chat's transcript. */
    MESSAGES,
    /** The chat became final. */
    ENDED,
    /** A web integration was revoked: sockets opened with it must close. */
    INTEGRATION_REVOKED,
    /** A socket took the chat (a resume): sockets of the chat on other instances must let go. */
    ATTACHED,
    /** Someone asked the chat's running turn (the lease owner in {@code origin}) to stop. */
    TURN_CANCELLED,
    /** A person took the chat over (handoff, transferToHuman): sockets and live feeds show the new mode. */
    HANDED_OFF,
    /** The person gave the chat back to its agent (handback). */
    HANDED_BACK,
    /** A turn paused at a tool call that waits for a person's approval (its id in {@code origin}). */
    APPROVAL_REQUESTED,
    /** Entries were added to the tenant's {@link ChatEventLog}: {@code seq} is the last one's id (live feeds). */
    LOGGED;

    /** HANDED_OFF or HANDED_BACK: the chat changed hands. */
    public boolean isModeChange() {
      return this == HANDED_OFF || this == HANDED_BACK;
    }
  }

  /** A mode change: {@code human} when a person now holds the chat; {@code messageCount} orders it among messages. */
  public static ChatEvent mode(UUID tenantId, UUID chatId, boolean human, long messageCount) {
    return new ChatEvent(human ? Kind.HANDED_OFF : Kind.HANDED_BACK, tenantId, chatId, messageCount, null);
  }

  /** A mode change: whether a person now holds the chat. */
  public boolean human() {
    return kind == Kind.HANDED_OFF;
  }

  /** A turn paused for approval {@code approvalId}; {@code messageCount} orders it among messages. */
  public static ChatEvent approvalRequested(UUID tenantId, UUID chatId, UUID approvalId, long messageCount) {
    return new ChatEvent(Kind.APPROVAL_REQUESTED, tenantId, chatId, messageCount, approvalId);
  }

  public static ChatEvent messages(UUID tenantId, UUID chatId, long messageCount) {
    return new ChatEvent(Kind.MESSAGES, tenantId, chatId, messageCount, null);
  }

  public static ChatEvent ended(UUID tenantId, UUID chatId, long messageCount) {
    return new ChatEvent(Kind.ENDED, tenantId, chatId, messageCount, null);
  }

  public static ChatEvent integrationRevoked(UUID tenantId, UUID integrationId) {
    return new ChatEvent(Kind.INTEGRATION_REVOKED, tenantId, integrationId, 0, null);
  }

  public static ChatEvent turnCancelled(UUID tenantId, UUID chatId, UUID leaseOwner) {
    return new ChatEvent(Kind.TURN_CANCELLED, tenantId, chatId, 0, leaseOwner);
  }

  public static ChatEvent logged(UUID tenantId, UUID chatId, long lastEntryId) {
    return new ChatEvent(Kind.LOGGED, tenantId, chatId, lastEntryId, null);
  }

  public static ChatEvent attached(UUID tenantId, UUID chatId, UUID instance) {
    return new ChatEvent(Kind.ATTACHED, tenantId, chatId, 0, instance);
  }
}
