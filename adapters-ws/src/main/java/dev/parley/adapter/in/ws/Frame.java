package dev.parley.adapter.in.ws;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One server → client message before it is numbered: its type, event name (for {@code event}), the key that
 * holds its payload ({@code data}, {@code content} or {@code result}, as seed 05 names them) and how it is logged.
 */
record Frame(String type, String name, String payloadKey, Object payload, Storage storage) {

  /** How the frame log keeps a frame. */
  enum Storage {
    /** Logged and sent again to a client that resumes after missing it (transcript content). */
    REPLAYABLE,
    /** Logged (it holds its seq) but not replayed: it concerned the socket it was sent on. */
    LOGGED,
    /** Logged without its payload, which holds a secret (the resume token) that must not be stored in clear. */
    REDACTED,
    /**
     * Neither numbered nor logged: a piece of a reply still being written ({@code textDelta}), which the final,
     * logged {@code text} frame supersedes; a resuming client needs only that one.
     */
    UNNUMBERED
  }

  /** The message as the client receives it: type first, then name, timestamp, seq and the payload. */
  Map<String, Object> wire(long seq, Instant at) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    if (name != null) m.put("name", name);
    m.put("timestamp", at.toString());
    m.put("seq", seq);
    m.put(payloadKey, payload);
    return m;
  }

  /** An {@link Storage#UNNUMBERED} message as the client receives it: no {@code seq}, as it takes none. */
  Map<String, Object> wireUnnumbered(Instant at) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    if (name != null) m.put("name", name);
    m.put("timestamp", at.toString());
    m.put(payloadKey, payload);
    return m;
  }

  /** The message as the frame log keeps it. */
  Map<String, Object> stored(long seq, Instant at) {
    Map<String, Object> m = wire(seq, at);
    if (storage == Storage.REDACTED) m.remove(payloadKey);
    return m;
  }

  boolean replayable() {
    return storage == Storage.REPLAYABLE;
  }
}
