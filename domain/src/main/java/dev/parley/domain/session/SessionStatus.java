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

  public static SessionStatus fromWireName(String name) {
    return "final".equals(name) ? FINAL : ACTIVE;
  }
}
