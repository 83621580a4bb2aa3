package dev.parley.adapter.in.rest.usage;

import dev.parley.adapter.in.rest.chat.UsageDto;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A tenant's usage over a period, by group. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record UsageResponse(Instant from, Instant to, String groupBy,
                            @Schema(description = "The ISO 4217 code the costs are in: the tenant's currency (null while it has set none)", pattern = "^[A-Z]{3}$") @Nullable String currency,
                            List<Group> items) {

  /** One group: an agent id, a {@code provider/model}, or a UTC day ({@code yyyy-mm-dd}). */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record Group(String key, @Schema(description = "Model calls (turn rounds and analyses)") long calls, UsageDto usage,
                      @Schema(description = "Sum of the priced calls, in the response's currency; null when none had a price") @Nullable BigDecimal cost) {}
}
