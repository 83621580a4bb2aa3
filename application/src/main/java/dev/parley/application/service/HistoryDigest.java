package dev.parley.application.service;

import dev.parley.domain.common.CanonicalJson;
import dev.parley.domain.session.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The digest a stateless state binds: SHA-256 of the canonical JSON array of the history, each message reduced
 * to role, content and tool calls. Time is left out on purpose: clients may drop or reformat it. Built
 * incrementally, so one pass over a turn's messages yields both the digest the client's earlier history must
 * match and the digest sealed into the next state.
 */
public final class HistoryDigest {
  private static final byte[] OPEN = "[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] COMMA = ",".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CLOSE = "]".getBytes(StandardCharsets.UTF_8);

  private final MessageDigest sha;
  private int count;

  private HistoryDigest() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    sha.update(OPEN);
  }

  public static HistoryDigest start() {
    return new HistoryDigest();
  }

  public static String of(List<Message> messages) {
    HistoryDigest digest = start();
    messages.forEach(digest::add);
    return digest.current();
  }

  public HistoryDigest add(Message message) {
    if (count++ > 0) sha.update(COMMA);
    sha.update(canonical(message).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** The digest of the messages added so far (the history stays open for more). */
  public String current() {
    try {
      MessageDigest copy = (MessageDigest) sha.clone();
      copy.update(CLOSE);
      return HexFormat.of().formatHex(copy.digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
    }
  }

  /** The canonical form of one message: what the digest covers and nothing else. */
  static String canonical(Message m) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("role", m.role().wireName());
    doc.put("content", m.content());
    doc.put("tool_calls", SessionDocument.toolCalls(m.toolCalls()));
    return CanonicalJson.write(doc);
  }
}
