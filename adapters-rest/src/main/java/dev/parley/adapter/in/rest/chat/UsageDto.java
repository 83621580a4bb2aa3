package dev.parley.adapter.in.rest.chat;

import dev.parley.domain.session.Message;
import dev.parley.domain.session.Usage;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Tokens a model call used (cached input tokens are part of the input tokens). */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(nullable = true)
public record UsageDto(long inputTokens, long outputTokens, long cachedInputTokens) {
  public static UsageDto from(@Nullable Usage u) {
    return u == null ? null : new UsageDto(u.inputTokens(), u.outputTokens(), u.cachedInputTokens());
  }

  /** The sum over the messages a model wrote; null when none did. */
  public static UsageDto sum(List<Message> messages) {
    Usage total = null;
    for (Message m : messages) if (m.usage() != null) total = m.usage().plus(total == null ? Usage.ZERO : total);
    return from(total);
  }

  /** The model of the last message a model wrote. */
  public static String lastModel(List<Message> messages) {
    String model = null;
    for (Message m : messages) if (m.model() != null) model = m.model();
    return model;
  }
}
