package dev.parley.domain.common;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * What Parley will store of a client's text and JSON values. PostgreSQL text cannot hold U+0000, a lone UTF-16
 * surrogate has no UTF-8 form (the driver would store it as "?"), and a number beyond double range (1e999999999)
 * would come back as the string "Infinity": each is refused as bad input, naming where it sits, instead of being
 * stored changed.
 */
public final class StorableJson {
  private StorableJson() {}

  /**
   * Refuses {@code text} if it cannot be stored as it is. {@code pointer} is the JSON Pointer of the field
   * ({@code /content}).
   */
  public static void requireText(String pointer, String text) {
    if (text == null) return;
    String problem = problemIn(text);
    if (problem != null) throw new InvalidValueException(pointer, pointer + " " + problem);
  }

  /** Refuses a JSON value (maps, lists, strings, numbers, booleans, null) holding anything that cannot be stored. */
  public static void requireValue(String pointer, Object value) {
    if (value instanceof String s) {
      requireText(pointer, s);
    } else if (value instanceof Number n) {
      if (!finite(n)) throw new InvalidValueException(pointer, pointer + " must be a finite number (within double range)");
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String problem = problemIn(key); // named by its object: the key itself would carry the bad character along
        if (problem != null) throw new InvalidValueException(pointer, "a key of " + pointer + " " + problem);
        String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
        requireValue(child, e.getValue());
      }
    } else if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) requireValue(pointer + "/" + i++, item);
    }
  }

  /** Size in bytes of the value's canonical JSON (UTF-8), the measure of the size limits on client JSON. */
  public static int canonicalBytes(Object value) {
    return CanonicalJson.write(value).getBytes(StandardCharsets.UTF_8).length;
  }

  private static boolean finite(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof BigInteger)
      return true;
    if (n instanceof BigDecimal d) return d.abs().compareTo(BigDecimal.valueOf(Double.MAX_VALUE)) <= 0;
    return Double.isFinite(n.doubleValue());
  }

  /** Why the text cannot be stored ("must not contain ..."), or null when it can. */
  public static String problemIn(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') return "must not contain the NUL character (U+0000)";
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) i++;
        else return "must not contain a lone UTF-16 surrogate (at character " + i + ")";
      } else if (Character.isLowSurrogate(c)) {
        return "must not contain a lone UTF-16 surrogate (at character " + i + ")";
      }
    }
    return null;
  }
}
