package dev.parley.application.policy;

import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.domain.common.InvalidValueException;

/** Configurable limits the use cases enforce. */
public record Limits(int maxMessageChars, int maxToolRounds, int maxStatelessHistory, java.time.Duration turnWait,
                     java.time.Duration turnLease) {
  public static final Limits DEFAULTS = new Limits(32 * 1024, 8, 1000, java.time.Duration.ofSeconds(5),
      java.time.Duration.ofSeconds(120));

  /**
   * The rule for a message a person writes, wherever it enters (a user's turn, an operator's message): some text,
   * at most {@link #maxMessageChars}. Text PostgreSQL cannot hold is refused by {@code Message} itself.
   */
  public void requireMessageText(String content) {
    if (content == null || content.isBlank()) throw new InvalidValueException("content", "content must not be empty");
    checkMessageLength("content", "/content", content);
  }

  /** A message's text beyond {@link #maxMessageChars} is refused (413) naming {@code name} and its JSON Pointer. */
  public void checkMessageLength(String name, String pointer, String content) {
    if (content != null && content.length() > maxMessageChars)
      throw new PayloadTooLargeException(pointer, name + " is " + content.length() + " characters; the limit is " + maxMessageChars);
  }
}
