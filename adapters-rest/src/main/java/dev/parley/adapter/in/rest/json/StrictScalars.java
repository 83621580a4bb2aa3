package dev.parley.adapter.in.rest.json;

import dev.parley.domain.common.StorableJson;
import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strict readers for the scalar fields of request bodies. Micronaut Serde 2 converts between JSON types on its own
 * ({@code 123} into the string "123", {@code "60"} and {@code 60.7} into the integer 60, {@code false} into "false")
 * and has no switch to stop it; these readers take the place of its own and accept only the JSON type the field
 * declares. A mismatch throws {@link RefusedJsonValue}, which the error mapping turns into a 400 naming the field.
 */
public final class StrictScalars {
  private StrictScalars() {}

  /** A string field takes a JSON string only, and only one that can be stored as it is. */
  @Primary
  @Singleton
  public static final class Strings implements Deserializer<String> {
    @Override
    public String deserialize(Decoder decoder, DecoderContext context, Argument<? super String> type) throws IOException {
      Object value = decoder.decodeArbitrary();
      if (!(value instanceof String s)) throw RefusedJsonValue.of("a string", value);
      String problem = StorableJson.problemIn(s); // NUL or a lone surrogate: refused here, where the field is known
      if (problem != null) throw new RefusedJsonValue(problem);
      return s;
    }
  }

  /** A boolean field takes {@code true} or {@code false} only. */
  @Primary
  @Singleton
  public static final class Booleans implements Deserializer<Boolean> {
    @Override
    public Boolean deserialize(Decoder decoder, DecoderContext context, Argument<? super Boolean> type) throws IOException {
      Object value = decoder.decodeArbitrary();
      if (value instanceof Boolean b) return b;
      throw RefusedJsonValue.of("true or false", value);
    }
  }

  /** An integer field takes a whole JSON number in the int range only. */
  @Primary
  @Singleton
  public static final class Integers implements Deserializer<Integer> {
    @Override
    public Integer deserialize(Decoder decoder, DecoderContext context, Argument<? super Integer> type) throws IOException {
      return wholeWithin(decoder.decodeArbitrary(), 31, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
    }
  }

  /** A long field takes a whole JSON number in the long range only. */
  @Primary
  @Singleton
  public static final class Longs implements Deserializer<Long> {
    @Override
    public Long deserialize(Decoder decoder, DecoderContext context, Argument<? super Long> type) throws IOException {
      return wholeWithin(decoder.decodeArbitrary(), 63, Long.MIN_VALUE, Long.MAX_VALUE).longValue();
    }
  }

  /** A decimal field takes a finite JSON number only. */
  @Primary
  @Singleton
  public static final class Doubles implements Deserializer<Double> {
    @Override
    public Double deserialize(Decoder decoder, DecoderContext context, Argument<? super Double> type) throws IOException {
      Object value = decoder.decodeArbitrary();
      if (!(value instanceof Number n)) throw RefusedJsonValue.of("a number", value);
      double d = n.doubleValue();
      if (!Double.isFinite(d)) throw new RefusedJsonValue("must be a finite number");
      return d;
    }
  }

  /** Beyond it a number is only reported as too large (no exact conversion of 1e999999999). */
  private static final BigDecimal LARGEST_WHOLE = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigInteger BEYOND_LONG = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);

  /** A list of strings takes an array of JSON strings only (Serde's own reader for it converts numbers). */
  @Primary
  @Singleton
  public static final class StringLists implements Deserializer<List<String>> {
    @Override
    public List<String> deserialize(Decoder decoder, DecoderContext context, Argument<? super List<String>> type) throws IOException {
      Object value = decoder.decodeArbitrary();
      if (!(value instanceof List<?> items)) throw RefusedJsonValue.of("an array of strings", value);
      List<String> strings = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        if (!(items.get(i) instanceof String s)) throw new RefusedJsonValue("/" + i, "must be a string, not " + jsonType(items.get(i)));
        String problem = StorableJson.problemIn(s);
        if (problem != null) throw new RefusedJsonValue("/" + i, problem);
        strings.add(s);
      }
      return strings;
    }
  }

  /** The value as a whole number that fits in {@code bits} bits plus a sign, refused naming the range otherwise. */
  private static BigInteger wholeWithin(Object value, int bits, long min, long max) throws RefusedJsonValue {
    BigInteger whole = wholeNumber(value);
    if (whole == null) throw RefusedJsonValue.of("a whole number", value);
    if (whole.bitLength() > bits) throw new RefusedJsonValue("must be a whole number between " + min + " and " + max);
    return whole;
  }

  /** The value as a whole number (any beyond the long range as ±2^63), or null when it is not one (a string, a fraction). */
  static BigInteger wholeNumber(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)
      return BigInteger.valueOf(((Number) value).longValue());
    if (value instanceof BigInteger b) return b;
    if (value instanceof Number n) {
      try {
        BigDecimal d = value instanceof BigDecimal bd ? bd : new BigDecimal(n.toString());
        if (d.abs().compareTo(LARGEST_WHOLE) > 0) return BEYOND_LONG.multiply(BigInteger.valueOf(d.signum()));
        return d.toBigIntegerExact();
      } catch (NumberFormatException | ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  /** The JSON type of a decoded value, for messages. */
  static String jsonType(Object value) {
    if (value == null) return "null";
    if (value instanceof String) return "a string";
    if (value instanceof Boolean) return "a boolean";
    if (value instanceof Number n) {
      if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) return "a number beyond double range";
      return wholeNumber(n) == null ? "a fraction" : "a number";
    }
    if (value instanceof Map) return "an object";
    if (value instanceof List) return "an array";
    return "another type";
  }
}
