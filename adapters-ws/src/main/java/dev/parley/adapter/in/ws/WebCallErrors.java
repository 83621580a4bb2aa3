package dev.parley.adapter.in.ws;

import dev.parley.application.port.in.AuthenticateWebTokenUseCase;
import dev.parley.application.port.in.ResumeWebChatUseCase;

/** The stable {@code data.code} values of webCall {@code error} frames (docs/websocket.md lists them with their meaning). */
public final class WebCallErrors {
  public static final String MISSING_TOKEN = AuthenticateWebTokenUseCase.MISSING_TOKEN;
  public static final String INVALID_TOKEN = AuthenticateWebTokenUseCase.INVALID_TOKEN;
  public static final String WEB_CHAT_NOT_ENABLED = AuthenticateWebTokenUseCase.NOT_ENABLED;
  public static final String ORIGIN_NOT_ALLOWED = AuthenticateWebTokenUseCase.ORIGIN_NOT_ALLOWED;
  public static final String INITIALIZE_NOT_RECEIVED = "initialize_not_received";
  public static final String ALREADY_INITIALIZED = "already_initialized";
  public static final String MESSAGE_TOO_LARGE = "message_too_large";
  public static final String MALFORMED_JSON = "malformed_json";
  public static final String UNKNOWN_TYPE = "unknown_type";
  public static final String INVALID_MESSAGE = "invalid_message";
  public static final String UNSUPPORTED_CALL_TYPE = "unsupported_call_type";
  public static final String CONTENT_TOO_LARGE = "content_too_large";
  public static final String UNKNOWN_TOOL_CALL = "unknown_tool_call";
  public static final String TOO_MANY_MESSAGES = "too_many_messages";
  public static final String INVALID_RESUME_TOKEN = ResumeWebChatUseCase.INVALID_RESUME_TOKEN;
  public static final String CONVERSATION_ENDED = ResumeWebChatUseCase.CONVERSATION_ENDED;
  /**
   * More chat messages from this client address than {@code parley.rate-limit.*} allows (not taken, socket stays
   * open); or, refused with a close, more chat opens or failed tokens than the address or the token may have.
   */
  public static final String RATE_LIMITED = "rate_limited";
  /** initialize's additionalData is above {@code parley.webchat.max-additional-data-bytes}; nothing opened. */
  public static final String ADDITIONAL_DATA_TOO_LARGE = "additional_data_too_large";
  /** The database cannot be reached right now: nothing was done; send the message again in a few seconds. */
  public static final String DATABASE_UNAVAILABLE = "database_unavailable";
  public static final String INTERNAL_ERROR = "internal_error";
  /** The web integration was revoked while the socket was open: error frame, then close 1008. */
  public static final String TOKEN_REVOKED = "token_revoked";
  /** The web integration's token expired while the socket was open: error frame, then close 1008. */
  public static final String TOKEN_EXPIRED = "token_expired";

  private WebCallErrors() {}
}
