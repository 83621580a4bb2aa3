package dev.parley.domain.session;

import dev.parley.domain.common.InvalidValueException;
import java.time.Duration;

/** Inactivity timeout of a session: 60 to 86,400 seconds. */
public record Ttl(int seconds) {
  public static final int MIN_SECONDS = 60;
  public static final int MAX_SECONDS = 86_400;

  public Ttl {
    if (seconds < MIN_SECONDS || seconds > MAX_SECONDS)
      throw new InvalidValueException("ttl_seconds",
          "ttl_seconds must be between " + MIN_SECONDS + " and " + MAX_SECONDS + ", got " + seconds);
  }

  public static Ttl ofNullable(Integer seconds) {
    return seconds == null ? null : new Ttl(seconds);
  }

  public Duration duration() {
    return Duration.ofSeconds(seconds);
  }
}
