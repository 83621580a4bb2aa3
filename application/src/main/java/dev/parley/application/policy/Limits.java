package dev.parley.application.policy;

/** Configurable limits the use cases enforce. */
public record Limits(int maxMessageChars, int maxToolRounds, int maxStatelessHistory, java.time.Duration turnWait,
                     java.time.Duration turnLease) {
  public static final Limits DEFAULTS = new Limits(32 * 1024, 8, 1000, java.time.Duration.ofSeconds(5),
      java.time.Duration.ofSeconds(120));
}
