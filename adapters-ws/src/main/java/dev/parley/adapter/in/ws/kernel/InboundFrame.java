package dev.parley.adapter.in.ws.kernel;

import java.io.IOException;
import java.util.Map;

/**
 * One client text frame, checked and parsed on the event loop (cheap: the frame is bounded): its fields, or why it
 * cannot be read. Each protocol answers a {@link Problem} with its own error code.
 */
public record InboundFrame(Map<String, Object> fields, Problem problem) {

  public enum Problem {
    /** Above the configured frame limit ({@code parley.webchat.max-frame-bytes}). */
    TOO_LARGE,
    NOT_JSON,
    /** JSON, but not an object. */
    NOT_AN_OBJECT
  }

  @SuppressWarnings("unchecked")
  public static InboundFrame parse(String raw, int maxBytes, SocketJson json) {
    if (tooLarge(raw, maxBytes)) return new InboundFrame(null, Problem.TOO_LARGE);
    Object parsed;
    try {
      parsed = json.read(raw);
    } catch (IOException | RuntimeException e) {
      return new InboundFrame(null, Problem.NOT_JSON);
    }
    if (!(parsed instanceof Map<?, ?> map)) return new InboundFrame(null, Problem.NOT_AN_OBJECT);
    return new InboundFrame((Map<String, Object>) map, null);
  }

  /** UTF-8 size above {@code max}, counted without encoding the whole message. */
  public static boolean tooLarge(String s, int max) {
    if (s.length() > max) return true;
    if ((long) s.length() * 3 <= max) return false;
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) bytes++;
      else if (c < 0x800) bytes += 2;
      else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    return bytes > max;
  }
}
