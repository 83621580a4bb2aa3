package dev.parley.application.turn;

import dev.parley.domain.provider.ModelPrice;
import dev.parley.domain.session.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** What tokens cost at a connection's per-million prices; cached input at its own price when the connection has one. */
public final class Pricing {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private Pricing() {}

  /** Null when there is no price (nothing is guessed). */
  public static BigDecimal cost(ModelPrice price, Usage usage) {
    if (price == null || usage == null) return null;
    long cached = Math.min(usage.cachedInputTokens(), usage.inputTokens());
    BigDecimal cachedPrice = price.cachedInputPerMillion() == null ? price.inputPerMillion() : price.cachedInputPerMillion();
    BigDecimal total = price.inputPerMillion().multiply(BigDecimal.valueOf(usage.inputTokens() - cached))
        .add(cachedPrice.multiply(BigDecimal.valueOf(cached)))
        .add(price.outputPerMillion().multiply(BigDecimal.valueOf(usage.outputTokens())));
    return total.divide(MILLION, 8, RoundingMode.HALF_UP).stripTrailingZeros();
  }
}
