package dev.parley.domain.session;

/** Who wrote a message. */
public enum Role {
  USER,
  ASSISTANT,
  SYSTEM,
  /** A person who took the conversation over; the agent sees their messages as its own (assistant) turns. */
  OPERATOR
}
