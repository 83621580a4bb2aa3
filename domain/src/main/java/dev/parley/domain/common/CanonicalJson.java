package dev.parley.domain.common;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a JSON value (maps, lists, strings, numbers, booleans, null) in one canonical form: keys sorted,
 * no whitespace, numbers without trailing zeros. Two equal values always give the same text, which is what
 * hashes and digests over client-supplied JSON need.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  public static String write(Object value) {
    StringBuilder out = new StringBuilder(64);
    append(out, value);
    return out.toString();
  }

  /** Appends the canonical form of {@code value} to {@code out} (for writers that reuse one buffer). */
  public static void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      appendString(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Number n) {
      appendNumber(out, n);
    } else if (value instanceof Map<?, ?> map) {
      // A map whose string keys already come in order (as built by our own code) is written as it is, without a copy.
      Map<?, ?> sorted = inOrder(map) ? map : sortedCopy(map);
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : sorted.entrySet()) {
        if (!first) out.append(',');
        first = false;
        appendString(out, (String) e.getKey());
        out.append(':');
        append(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      boolean first = true;
      for (Object item : list) {
        if (!first) out.append(',');
        first = false;
        append(out, item);
      }
      out.append(']');
    } else {
      appendString(out, value.toString());
    }
  }

  /** True when every key is a string and each is greater than the one before (so also no duplicates). */
  private static boolean inOrder(Map<?, ?> map) {
    String previous = null;
    for (Object key : map.keySet()) {
      if (!(key instanceof String k) || (previous != null && previous.compareTo(k) >= 0)) return false;
      previous = k;
    }
    return true;
  }

  private static Map<String, Object> sortedCopy(Map<?, ?> map) {
    TreeMap<String, Object> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
    return sorted;
  }

  private static void appendNumber(StringBuilder out, Number n) {
    // Whole numbers of the boxed integer types are already canonical: no BigDecimal round trip for them.
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      out.append(n.longValue());
      return;
    }
    try {
      BigDecimal d = new BigDecimal(n.toString()).stripTrailingZeros();
      out.append(d.scale() <= 0 ? d.toBigIntegerExact().toString() : d.toPlainString());
    } catch (NumberFormatException | ArithmeticException e) {
      out.append(n);
    }
  }

  private static void appendString(StringBuilder out, String s) {
    out.append('"');
    if (!needsEscaping(s)) { // the usual case: copy the whole string instead of char by char
      out.append(s).append('"');
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    out.append('"');
  }

  private static boolean needsEscaping(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') return true;
    }
    return false;
  }
}
