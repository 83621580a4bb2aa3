package dev.parley.application.turn;

import dev.parley.application.error.SpendCapReachedException;
import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.TenantSpendCaps;
import dev.parley.application.port.out.UsageLedger;
import dev.parley.application.port.out.UsageLedger.Totals;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.SpendCaps;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Refuses a model turn whose chat, agent (this UTC day) or tenant (this UTC day) is at or over a spend cap, before
 * the model is called: a public widget must not be an open wallet. Sums come from the usage ledger, which outlives
 * erasure. Tokens are input plus output. Scripted agents call no model and are never capped.
 */
public final class SpendCapCheck {
  /** Checks nothing: for use cases built without the ledger. */
  public static final SpendCapCheck NONE = new SpendCapCheck(null, null, null, null);

  private final UsageLedger ledger;
  private final TenantSpendCaps tenants;
  private final ActivityLog activity;
  private final Clock clock;

  public SpendCapCheck(UsageLedger ledger, TenantSpendCaps tenants, ActivityLog activity, Clock clock) {
    this.ledger = ledger;
    this.tenants = tenants;
    this.activity = activity;
    this.clock = clock;
  }

  /**
   * Throws {@link SpendCapReachedException} (after an activity entry on the chat) when a cap is reached. {@code chatId}
   * is null when there is no stored chat (a stateless conversation's first turn, the OpenAI-compatible facade): then
   * per-chat caps do not apply and no activity is written; the agent and tenant caps do.
   */
  public void check(UUID tenantId, UUID agentId, UUID chatId, AgentDefinition agent) {
    if (ledger == null || agent.model().isScripted()) return;
    Instant now = clock.now();
    Instant dayStart = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
    Instant dayEnd = dayStart.plus(1, ChronoUnit.DAYS);
    SpendCaps caps = agent.spendCaps();
    if (chatId != null && (caps.perChatTokens() != null || caps.perChatCost() != null))
      reached(ledger.chatTotals(tenantId, chatId), caps.perChatTokens(), caps.perChatCost(), "per_chat", tenantId, chatId, now);
    if (caps.perAgentDayTokens() != null || caps.perAgentDayCost() != null)
      reached(ledger.agentTotals(tenantId, agentId, dayStart, dayEnd), caps.perAgentDayTokens(), caps.perAgentDayCost(),
          "per_agent_day", tenantId, chatId, now);
    TenantSpendCaps.DayCaps day = tenants.find(tenantId);
    if (day.perDayTokens() != null || day.perDayCost() != null)
      reached(ledger.tenantTotals(tenantId, dayStart, dayEnd), day.perDayTokens(), day.perDayCost(), "tenant_per_day",
          tenantId, chatId, now);
  }

  private void reached(Totals used, Long tokenCap, BigDecimal costCap, String scope, UUID tenantId, UUID chatId,
                       Instant now) {
    long tokens = used.usage().inputTokens() + used.usage().outputTokens();
    BigDecimal cost = used.cost() == null ? BigDecimal.ZERO : used.cost();
    String cap = null;
    Object limit = null;
    if (tokenCap != null && tokens >= tokenCap) {
      cap = scope + "_tokens";
      limit = tokenCap;
    } else if (costCap != null && cost.compareTo(costCap) >= 0) {
      cap = scope + "_cost";
      limit = costCap.toPlainString();
    }
    if (cap == null) return;
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("cap", cap);
    detail.put("limit", limit);
    detail.put("used_tokens", tokens);
    detail.put("used_cost", cost.toPlainString());
    if (chatId != null) activity.record(tenantId, chatId, SpendCapReachedException.CODE, detail, now);
    throw new SpendCapReachedException(cap, "the spend cap " + cap + " (" + limit + ") is reached; no model turn runs "
        + "until it is raised" + (scope.equals("per_chat") ? "" : " or the UTC day ends"));
  }
}
