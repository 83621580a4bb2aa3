package dev.parley.adapter.in.ws.kernel;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON for both socket protocols: server frames out, client frames in. */
@Singleton
public class SocketJson {
  private final JsonMapper json;

  public SocketJson(JsonMapper json) {
    this.json = json;
  }

  public String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses one client message; throws IOException for malformed JSON. */
  Object read(String text) throws IOException {
    return json.readValue(text, Argument.OBJECT_ARGUMENT);
  }
}
