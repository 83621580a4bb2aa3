package dev.parley.bootstrap.wiring;

import dev.parley.application.port.out.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The real clock, at PostgreSQL's microsecond precision so stored and in-memory times compare equal. */
public final class SystemClock implements Clock {
  @Override
  public Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
