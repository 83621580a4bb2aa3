package dev.parley.application.error;

/**
 * A model turn refused because its chat, agent or tenant reached a spend cap: answered 429 {@code spend_cap_reached}
 * on REST and as an error with that code on the event stream and the sockets. {@code cap} names the cap
 * ({@code per_chat_tokens}, {@code per_agent_day_cost}, {@code tenant_per_day_tokens}, ...).
 */
public final class SpendCapReachedException extends ConflictException {
  public static final String CODE = "spend_cap_reached";
  private final String cap;

  public SpendCapReachedException(String cap, String message) {
    super(CODE, message);
    this.cap = cap;
  }

  public String cap() {
    return cap;
  }
}
