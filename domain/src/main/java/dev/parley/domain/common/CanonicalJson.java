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
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      appendString(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Number n) {
      appendNumber(out, n);
    } else if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) out.append(',');
        first = false;
        appendString(out, e.getKey());
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

  private static void appendNumber(StringBuilder out, Number n) {
    try {
      BigDecimal d = new BigDecimal(n.toString()).stripTrailingZeros();
      out.append(d.scale() <= 0 ? d.toBigIntegerExact().toString() : d.toPlainString());
    } catch (NumberFormatException | ArithmeticException e) {
      out.append(n);
    }
  }

  private static void appendString(StringBuilder out, String s) {
    out.append('"');
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
}
