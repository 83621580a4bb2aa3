package dev.parley.domain.session;

/** Lifecycle of a chat session: active until it ends, final for ever after. */
public enum SessionStatus {
  ACTIVE,
  FINAL
}
