package dev.parley.application.port.out;

import dev.parley.domain.session.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Outbound port: what every model call used, kept apart from the transcript. It holds no content, so it survives a
 * chat's erasure (sums and caps stay right); {@code chatId} is null for calls outside a chat.
 */
public interface UsageLedger {
  /** One model call: a turn's round ({@code turn}) or a post-call analysis ({@code analysis}). */
  record Entry(UUID tenantId, UUID agentId, UUID chatId, String provider, String model, String kind, Usage usage,
               BigDecimal cost, Instant at) {}

  /** Sums of usage; {@code cost} is null when no call of them had a price. */
  record Totals(Usage usage, BigDecimal cost) {
    public static final Totals NONE = new Totals(Usage.ZERO, null);
  }

  /** How {@link #summarize} groups: by agent id, by model ({@code provider/model}) or by UTC day. */
  enum GroupBy { AGENT, MODEL, DAY }

  /** One group's sums: {@code key} is the agent id, {@code provider/model} or the day ({@code yyyy-mm-dd}). */
  record Group(String key, long calls, Usage usage, BigDecimal cost) {}

  void record(Entry entry);

  /** A tenant's usage in [from, to), grouped, in key order. */
  java.util.List<Group> summarize(UUID tenantId, Instant from, Instant to, GroupBy groupBy);

  Totals chatTotals(UUID tenantId, UUID chatId);

  /** What one agent's calls used in [from, to) (spend caps per agent per day). */
  Totals agentTotals(UUID tenantId, UUID agentId, Instant from, Instant to);

  /** What all of a tenant's calls used in [from, to) (spend caps per tenant per day). */
  Totals tenantTotals(UUID tenantId, Instant from, Instant to);
}
