package dev.parley.adapter.in.ws.vendor;

/** The stable {@code code} values of {@code /ws/chat} {@code error} events (docs/websocket.md lists them with their meaning). */
public final class VendorChatErrors {
  /** {@code api_key}, {@code user_id} or {@code chat_id} is absent from both the query and the headers. */
  public static final String MISSING_CREDENTIALS = "missing_credentials";
  /** The API key is unknown or revoked. */
  public static final String INVALID_API_KEY = "invalid_api_key";
  /** The user id is longer than 256 characters. */
  public static final String INVALID_USER_ID = "invalid_user_id";
  /** No such chat for the key's tenant: unknown, another tenant's, deleted, or not a chat id at all. */
  public static final String CHAT_NOT_FOUND = "chat_not_found";
  /** {@code last_seq} (or {@code X-Last-Seq}) is not a whole number of at least -1. */
  public static final String INVALID_LAST_SEQ = "invalid_last_seq";
  /** The chat has ended; it takes no more messages. */
  public static final String CHAT_FINAL = "chat_final";
  /** Not JSON, not an object, no non-empty {@code content} string, or {@code metadata} not an object. */
  public static final String MALFORMED_MESSAGE = "malformed_message";
  /** A frame above the frame limit (64 KiB by default). */
  public static final String MESSAGE_TOO_LARGE = "message_too_large";
  /** {@code content} above the message limit (32,768 characters by default). */
  public static final String CONTENT_TOO_LARGE = "content_too_large";
  /** A turn is already running on this chat (sent on this socket, or elsewhere for longer than the turn wait). */
  public static final String TURN_IN_PROGRESS = "turn_in_progress";
  /** The chat's agent was deleted. */
  public static final String AGENT_MISSING = "agent_missing";
  /**
   * More messages than {@code parley.rate-limit.*} allows for the API key (shared with its REST requests; not taken,
   * socket stays open); or, on connect with close 1013, the client address spent its failed-credential budget.
   */
  public static final String RATE_LIMITED = "rate_limited";
  /** The database cannot be reached right now: the message was not taken; send it again in a few seconds. */
  public static final String DATABASE_UNAVAILABLE = "database_unavailable";
  public static final String INTERNAL_ERROR = "internal_error";

  private VendorChatErrors() {}
}
