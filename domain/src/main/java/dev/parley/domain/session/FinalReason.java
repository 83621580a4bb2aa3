package dev.parley.domain.session;

/** Why a conversation ended. */
public enum FinalReason {
  /** The session sat idle past its TTL and the sweeper finished it. */
  TTL,
  /** The integrator or the end user ended it (REST end, stateless finish, WebSocket terminate). */
  USER_END,
  /** The agent decided the conversation is over (finish rule or finishTheConversation). */
  AGENT_FINISH,
  /** The conversation cannot go on. */
  ERROR
}
