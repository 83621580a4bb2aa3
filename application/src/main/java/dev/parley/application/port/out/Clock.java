package dev.parley.application.port.out;

import java.time.Instant;

/** Outbound port: the current time (injected so tests can move it). */
public interface Clock {
  Instant now();
}
