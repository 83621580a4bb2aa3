package dev.parley.adapter.in.ws.kernel;

import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.application.port.out.OutageDetector;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.SessionFinalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a client message (a turn, an ending) failed, in the terms both protocols answer in: each codec turns a
 * {@link Kind} into its own frame. Outages and unexpected failures are logged here, once.
 */
public record Failure(Kind kind, String code, String message) {
  private static final Logger LOG = LoggerFactory.getLogger(Failure.class);
  public static final String DATABASE_UNAVAILABLE = "database_unavailable";
  public static final String INTERNAL_ERROR = "internal_error";
  public static final String CONTENT_TOO_LARGE = "content_too_large";
  public static final String MESSAGE_TOO_LARGE = "message_too_large";
  public static final String RATE_LIMITED = "rate_limited";
  public static final String CHAT_FINAL = "chat_final";
  /** Close code 1013 Try Again Later: nothing is wrong with the client, the server cannot serve it right now. */
  public static final int TRY_AGAIN_LATER = 1013;
  public static final int SERVER_ERROR = 1011;

  public enum Kind {
    /** The chat has ended (before or during the message): the protocol's ending. */
    CHAT_ENDED,
    /** The chat is gone (erased meanwhile). */
    CHAT_NOT_FOUND,
    /** Refused by the chat's state with {@code code} ({@code turn_in_progress}, {@code agent_missing}, ...). */
    REFUSED,
    CONTENT_TOO_LARGE,
    /** A value the chat cannot take ({@code message} names it). */
    INVALID,
    /** The database cannot be reached: nothing was done; the client may send again. */
    DATABASE_UNAVAILABLE,
    INTERNAL
  }

  /** An error that ends the socket: its code and message, and the close code that follows the error frame. */
  public record Refusal(String code, String message, int closeCode) {}

  /** Classifies what a client message ended with; {@code what} names it in the log ("a turn on chat ..."). */
  public static Failure of(RuntimeException e, OutageDetector outages, String what) {
    if (e instanceof SessionFinalException) return new Failure(Kind.CHAT_ENDED, CHAT_FINAL, e.getMessage());
    if (e instanceof ConflictException c) return new Failure(Kind.REFUSED, c.code(), e.getMessage());
    if (e instanceof NotFoundException) return new Failure(Kind.CHAT_NOT_FOUND, null, e.getMessage());
    if (e instanceof PayloadTooLargeException) return new Failure(Kind.CONTENT_TOO_LARGE, CONTENT_TOO_LARGE, e.getMessage());
    if (e instanceof InvalidValueException) return new Failure(Kind.INVALID, null, e.getMessage());
    if (outages.isUnavailable(e)) {
      LOG.warn("{} failed, the database is unavailable: {}", what, e.getMessage());
      return new Failure(Kind.DATABASE_UNAVAILABLE, DATABASE_UNAVAILABLE, "the database is not reachable right now; the "
          + "message may not have been stored: send it again in a few seconds");
    }
    LOG.error("{} failed", what, e);
    return new Failure(Kind.INTERNAL, INTERNAL_ERROR, null);
  }

  /**
   * The credentials ({@code checked}: "the token", "the credentials") could not be checked on connect: an outage
   * closes with 1013 (connect again soon), anything else with 1011.
   */
  public static Refusal onConnect(RuntimeException e, OutageDetector outages, String socket, String checked) {
    if (outages.isUnavailable(e)) {
      LOG.warn("{}: {} could not be checked, the database is unavailable: {}", socket, checked, e.getMessage());
      return new Refusal(DATABASE_UNAVAILABLE, "the database is not reachable right now; connect again in a few seconds",
          TRY_AGAIN_LATER);
    }
    LOG.error("{}: {} could not be checked", socket, checked, e);
    return new Refusal(INTERNAL_ERROR, "the server could not check " + checked + "; try again", SERVER_ERROR);
  }
}
