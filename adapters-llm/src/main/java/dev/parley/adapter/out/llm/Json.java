package dev.parley.adapter.out.llm;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Plain JSON values (maps, lists, strings, numbers, booleans) in and out through Micronaut's JsonMapper. */
final class Json {
  private final JsonMapper mapper;

  Json(JsonMapper mapper) {
    this.mapper = mapper;
  }

  byte[] bytes(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write JSON", e);
    }
  }

  String text(Object value) {
    return new String(bytes(value), StandardCharsets.UTF_8);
  }

  /** Parses any JSON value; throws IOException when the text is not JSON. */
  Object parse(String text) throws IOException {
    return mapper.readValue(text.getBytes(StandardCharsets.UTF_8), Object.class);
  }

  /** The value at {@code path} through nested objects and arrays (an Integer step indexes an array), or null. */
  static Object at(Object root, Object... path) {
    Object current = root;
    for (Object step : path) {
      if (step instanceof Integer index && current instanceof List<?> list) current = index < list.size() ? list.get(index) : null;
      else if (current instanceof Map<?, ?> map) current = map.get(step);
      else return null;
    }
    return current;
  }

  static String string(Object root, Object... path) {
    Object value = at(root, path);
    return value instanceof String s ? s : null;
  }
}
