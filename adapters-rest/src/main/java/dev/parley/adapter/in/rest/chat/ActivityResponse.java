package dev.parley.adapter.in.rest.chat;

import io.swagger.v3.oas.annotations.media.Schema;
import dev.parley.application.port.out.ActivityLog;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The activity log of a session. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ActivityResponse(String chatId, List<Entry> items) {

  /** One audit entry. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record Entry(long id, String kind, @Schema(description = "Any JSON values by name", additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> detail, Instant at) {}

  public static ActivityResponse from(String chatId, List<ActivityLog.Entry> entries) {
    return new ActivityResponse(chatId, entries.stream().map(e -> new Entry(e.id(), e.kind(), e.detail(), e.at())).toList());
  }
}
