package dev.parley.adapter.in.ws;

import dev.parley.domain.common.InvalidValueException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Reads the optional fields of a client frame in their own JSON type only, like the REST bodies: a field of another
 * type is refused ({@link InvalidValueException} naming its JSON Pointer) instead of being converted or dropped.
 */
final class FrameFields {
  private FrameFields() {}

  /**
   * A string, or {@code fallback} when absent or blank; {@code pointer} names the field in the frame
   * ({@code /request/resumeToken}).
   */
  static String stringOr(Map<?, ?> frame, String key, String pointer, String fallback) {
    Object value = frame.get(key);
    if (value == null) return fallback;
    if (!(value instanceof String s)) throw new InvalidValueException(pointer, pointer + " must be a string");
    return s.isBlank() ? fallback : s;
  }

  /** A boolean, or {@code fallback} when absent. */
  static boolean booleanOr(Map<?, ?> frame, String key, String pointer, boolean fallback) {
    Object value = frame.get(key);
    if (value == null) return fallback;
    if (!(value instanceof Boolean b)) throw new InvalidValueException(pointer, pointer + " must be a boolean");
    return b;
  }

  /** A whole number of at least 0, or null when absent. */
  static Long optionalCount(Map<?, ?> frame, String key, String pointer) {
    Object value = frame.get(key);
    if (value == null) return null;
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      if (value instanceof BigInteger b && b.bitLength() > 63) throw new InvalidValueException(pointer, pointer + " is too large");
      long n = ((Number) value).longValue();
      if (n >= 0) return n;
    } else if (value instanceof BigDecimal d && d.signum() >= 0 && d.stripTrailingZeros().scale() <= 0 && d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
      return d.longValueExact();
    }
    throw new InvalidValueException(pointer, pointer + " must be a whole number of at least 0");
  }
}
