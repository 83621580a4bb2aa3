package dev.parley.domain.session;

/** Who answers the end user: the agent, or a person who took the conversation over (the agent then stays silent). */
public enum ConversationMode {
  AGENT,
  HUMAN
}
