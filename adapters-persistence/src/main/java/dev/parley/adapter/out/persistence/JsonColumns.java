package dev.parley.adapter.out.persistence;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Reads and writes jsonb columns as plain JSON values (maps, lists, strings, numbers). */
@Singleton
public class JsonColumns {
  private final JsonMapper json;

  public JsonColumns(JsonMapper json) {
    this.json = json;
  }

  public String write(Object value) {
    if (value == null) return null;
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Object read(String text) {
    if (text == null) return null;
    try {
      return json.readValue(text, Argument.OBJECT_ARGUMENT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> readMap(String text) {
    Object value = read(text);
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  public List<Object> readList(String text) {
    Object value = read(text);
    return value instanceof List<?> l ? (List<Object>) l : List.of();
  }

  public <T> T read(String text, Class<T> type) {
    try {
      return json.readValue(text, Argument.of(type));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
