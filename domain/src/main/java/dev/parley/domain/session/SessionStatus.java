package dev.parley.domain.session;

/** Lifecycle of a chat session: active until it ends, final for ever after. */
public enum SessionStatus {
  ACTIVE("active"),
  FINAL("final");

  private final String wireName;

  SessionStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The status of a stored name; an unknown name is an error, never taken for {@link #ACTIVE}. */
  public static SessionStatus fromWireName(String name) {
    for (SessionStatus s : values()) if (s.wireName.equals(name)) return s;
    throw new IllegalArgumentException("unknown session status '" + name + "'");
  }
}
