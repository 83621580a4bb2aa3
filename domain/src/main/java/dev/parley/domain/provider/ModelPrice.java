package dev.parley.domain.provider;

import dev.parley.domain.common.InvalidValueException;
import java.math.BigDecimal;

/** What a model costs per million tokens, in the tenant's currency. A null cached price bills cached input as input. */
public record ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion, BigDecimal cachedInputPerMillion) {
  private static final BigDecimal MAX = new BigDecimal("1000000");

  public ModelPrice {
    inputPerMillion = amount("prices.input_per_million", inputPerMillion, true);
    outputPerMillion = amount("prices.output_per_million", outputPerMillion, true);
    cachedInputPerMillion = amount("prices.cached_input_per_million", cachedInputPerMillion, false);
  }

  private static BigDecimal amount(String field, BigDecimal value, boolean required) {
    if (value == null) {
      if (required) throw new InvalidValueException(field, field + " is required");
      return null;
    }
    if (value.signum() < 0 || value.compareTo(MAX) > 0)
      throw new InvalidValueException(field, field + " must be between 0 and " + MAX.toPlainString());
    return value;
  }
}
