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

  void record(Entry entry);

  Totals chatTotals(UUID tenantId, UUID chatId);
}
