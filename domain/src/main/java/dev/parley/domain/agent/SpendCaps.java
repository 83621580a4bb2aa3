package dev.parley.domain.agent;

import dev.parley.domain.common.InvalidValueException;
import java.math.BigDecimal;

/**
 * An agent's spend caps: tokens (input plus output) and cost per chat and per agent per UTC day. Null: no cap of that
 * kind. A turn of a chat at or over a cap is refused before the model is called; scripted agents are never capped.
 */
public record SpendCaps(Long perChatTokens, BigDecimal perChatCost, Long perAgentDayTokens, BigDecimal perAgentDayCost) {
  public static final SpendCaps NONE = new SpendCaps(null, null, null, null);
  /** The largest token cap accepted (docs/security.md). */
  public static final long MAX_TOKENS = 1_000_000_000_000L;
  /** The largest cost cap accepted, in the tenant's currency (docs/security.md). */
  public static final BigDecimal MAX_COST = new BigDecimal("1000000000");

  public SpendCaps {
    tokens("spend_caps.per_chat_tokens", perChatTokens);
    tokens("spend_caps.per_agent_day_tokens", perAgentDayTokens);
    cost("spend_caps.per_chat_cost", perChatCost);
    cost("spend_caps.per_agent_day_cost", perAgentDayCost);
  }

  public boolean isNone() {
    return perChatTokens == null && perChatCost == null && perAgentDayTokens == null && perAgentDayCost == null;
  }

  /** Checks a token cap's bounds: 0..{@link #MAX_TOKENS} (0 refuses every model turn). */
  public static void tokens(String field, Long value) {
    if (value != null && (value < 0 || value > MAX_TOKENS))
      throw new InvalidValueException(field, field + " must be between 0 and " + MAX_TOKENS);
  }

  /** Checks a cost cap's bounds: 0..{@link #MAX_COST}, at most 6 decimals. */
  public static void cost(String field, BigDecimal value) {
    if (value == null) return;
    if (value.signum() < 0 || value.compareTo(MAX_COST) > 0 || value.stripTrailingZeros().scale() > 6)
      throw new InvalidValueException(field, field + " must be between 0 and " + MAX_COST.toPlainString()
          + " with at most 6 decimals");
  }
}
