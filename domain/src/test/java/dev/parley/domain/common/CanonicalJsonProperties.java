package dev.parley.domain.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * CanonicalJson's fast paths (maps already in key order, strings without escapes, boxed integers) must never change
 * its output: digests sealed into stateless states and stored endpoint hashes depend on it. Compared with the plain
 * reference writer it started from.
 */
class CanonicalJsonProperties {

  @Property(tries = 500)
  void fast_paths_write_exactly_what_the_reference_writes(@ForAll("json") Object value) {
    assertThat(CanonicalJson.write(value)).isEqualTo(Reference.write(value));
  }

  @Test
  void known_forms() {
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("a", 1L);
    ordered.put("b", List.of("x\"y", 2.50, new BigDecimal("100"), 7));
    assertThat(CanonicalJson.write(ordered)).isEqualTo("{\"a\":1,\"b\":[\"x\\\"y\",2.5,100,7]}");
    Map<Object, Object> mixed = new LinkedHashMap<>();
    mixed.put(2, "two");
    mixed.put("10", "ten");
    assertThat(CanonicalJson.write(mixed)).isEqualTo("{\"10\":\"ten\",\"2\":\"two\"}");
  }

  @Provide
  Arbitrary<Object> json() {
    Arbitrary<Object> leaf = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12).map(s -> s),
        Arbitraries.strings().withChars("ab\"\\\n\t\u0001é").ofMaxLength(6).map(s -> s),
        Arbitraries.integers().map(i -> i), Arbitraries.longs().map(l -> l),
        Arbitraries.doubles().map(d -> d), Arbitraries.bigDecimals().map(d -> d),
        Arbitraries.of(true, false), Arbitraries.just(null));
    return Arbitraries.recursive(() -> leaf, this::nest, 3);
  }

  private Arbitrary<Object> nest(Arbitrary<Object> inner) {
    Arbitrary<String> keys = Arbitraries.strings().withChars("abcAB_\"").ofMinLength(0).ofMaxLength(4);
    Arbitrary<Object> hashMaps = Arbitraries.maps(keys, inner).ofMaxSize(4).map(m -> m);
    Arbitrary<Object> sortedLinked = Arbitraries.maps(keys, inner).ofMaxSize(4).map(m -> new LinkedHashMap<>(new TreeMap<>(m)));
    Arbitrary<Object> lists = inner.list().ofMaxSize(4).map(l -> l);
    return Arbitraries.oneOf(hashMaps, sortedLinked, lists);
  }

  /** The writer as it was before the fast paths (keys always copied into a TreeMap, strings char by char). */
  private static final class Reference {
    static String write(Object value) {
      StringBuilder out = new StringBuilder();
      append(out, value);
      return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
      if (value == null) out.append("null");
      else if (value instanceof String s) string(out, s);
      else if (value instanceof Boolean b) out.append(b);
      else if (value instanceof Number n) {
        try {
          BigDecimal d = new BigDecimal(n.toString()).stripTrailingZeros();
          out.append(d.scale() <= 0 ? d.toBigIntegerExact().toString() : d.toPlainString());
        } catch (NumberFormatException | ArithmeticException e) {
          out.append(n);
        }
      } else if (value instanceof Map<?, ?> map) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
          if (!first) out.append(',');
          first = false;
          string(out, e.getKey());
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
      } else string(out, value.toString());
    }

    private static void string(StringBuilder out, String s) {
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
}
