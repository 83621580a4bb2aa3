package dev.parley.application.error;

/**
 * A stateless state token that cannot be used for this request (answered as 400): malformed, altered or
 * foreign, sealed with an unknown key, expired, or not matching the agent or history the client sent.
 * {@code code} is a stable machine-readable name; {@code field} names the request field at fault.
 */
public final class InvalidStateException extends RuntimeException {
  private final String code;
  private final String field;

  public InvalidStateException(String code, String field, String message) {
    super(message);
    this.code = code;
    this.field = field;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  public static InvalidStateException malformed(String why) {
    return new InvalidStateException("state_malformed", "state", "state is malformed: " + why);
  }

  /** Altered, truncated or issued to another tenant: authenticated decryption cannot tell these apart, nor should it. */
  public static InvalidStateException unverifiable() {
    return new InvalidStateException("state_invalid", "state",
        "state could not be verified: it was altered or truncated, or it belongs to another tenant");
  }

  public static InvalidStateException unknownKey(String keyId) {
    return new InvalidStateException("state_key_unknown", "state",
        "state was sealed with key '" + keyId + "', which this server no longer holds; start a new conversation");
  }

  public static InvalidStateException expired(java.time.Instant expiredAt) {
    return new InvalidStateException("state_expired", "state",
        "state expired at " + expiredAt + "; start a new conversation with state null");
  }

  public static InvalidStateException historyMismatch() {
    return new InvalidStateException("state_history_mismatch", "messages",
        "history does not match the state: messages, without the new last user message, must be exactly the "
            + "history answered with this state (role, content and tool calls)");
  }

  public static InvalidStateException agentMismatch() {
    return new InvalidStateException("state_agent_mismatch", "agent",
        "agent does not match the state: a conversation keeps the agent it started with");
  }
}
