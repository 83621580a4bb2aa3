package dev.parley.domain.session;

import java.util.Arrays;
import java.util.Optional;

/** Why a conversation ended. The wire name is what clients and webhooks see. */
public enum FinalReason {
  /** The session sat idle past its TTL and the sweeper finished it. */
  TTL("ttl"),
  /** The integrator or the end user ended it (REST end, stateless finish, WebSocket terminate). */
  USER_END("user_end"),
  /** The agent decided the conversation is over (finish rule or finishTheConversation). */
  AGENT_FINISH("agent_finish"),
  /** The conversation cannot go on. */
  ERROR("error");

  private final String wireName;

  FinalReason(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<FinalReason> fromWireName(String name) {
    return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
  }
}
