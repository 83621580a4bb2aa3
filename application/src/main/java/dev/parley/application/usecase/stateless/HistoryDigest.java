package dev.parley.application.usecase.stateless;

import dev.parley.application.policy.WireNames;
import dev.parley.application.port.out.SessionDocument;
import dev.parley.domain.common.CanonicalJson;
import dev.parley.domain.session.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The digest a stateless state binds: SHA-256 of the canonical JSON array of the history, each message reduced
 * to role, content and tool calls. Time is left out on purpose: clients may drop or reformat it. Built
 * incrementally, so one pass over a turn's messages yields both the digest the client's earlier history must
 * match and the digest sealed into the next state.
 */
public final class HistoryDigest {
  private static final byte[] OPEN = "[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CLOSE = "]".getBytes(StandardCharsets.UTF_8);

  private final MessageDigest sha;
  private final StringBuilder text = new StringBuilder(256); // reused for each message's canonical form
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
    text.setLength(0);
    if (count++ > 0) text.append(',');
    appendCanonical(text, message);
    sha.update(text.toString().getBytes(StandardCharsets.UTF_8));
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
    StringBuilder out = new StringBuilder(128);
    appendCanonical(out, m);
    return out.toString();
  }

  /**
   * Writes {@code {"content":…,"role":…,"tool_calls":[…]}} straight into {@code out}: the canonical JSON of that
   * three-key object (keys in sorted order, as CanonicalJson writes maps), without building the map first.
   */
  private static void appendCanonical(StringBuilder out, Message m) {
    out.append("{\"content\":");
    CanonicalJson.append(out, m.content());
    out.append(",\"role\":");
    CanonicalJson.append(out, WireNames.of(m.role()));
    out.append(",\"tool_calls\":");
    CanonicalJson.append(out, m.toolCalls().isEmpty() ? List.of() : SessionDocument.toolCalls(m.toolCalls()));
    out.append('}');
  }
}
