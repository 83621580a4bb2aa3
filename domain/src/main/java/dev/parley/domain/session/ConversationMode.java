package dev.parley.domain.session;

import dev.parley.domain.common.InvalidValueException;
import java.util.Locale;

/** Who answers the end user: the agent, or a person who took the conversation over (the agent then stays silent). */
public enum ConversationMode {
  AGENT,
  HUMAN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The stored form back; anything unknown is the agent (the column's default). */
  public static ConversationMode fromStored(String name) {
    return "human".equals(name) ? HUMAN : AGENT;
  }

  public static ConversationMode fromWireName(String field, String name) {
    if ("agent".equals(name)) return AGENT;
    if ("human".equals(name)) return HUMAN;
    throw new InvalidValueException(field, field + " must be agent or human");
  }
}
