package dev.parley.bootstrap.wiring;

import dev.parley.application.port.out.IdGenerator;
import java.security.SecureRandom;
import java.util.UUID;

/** UUIDv7 ids: time-ordered, so new rows land at the right edge of primary-key indexes. */
public final class TimeOrderedIds implements IdGenerator {
  private final SecureRandom random = new SecureRandom();

  @Override
  public UUID newId() {
    long millis = System.currentTimeMillis();
    long msb = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
