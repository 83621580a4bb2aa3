package dev.parley.adapter.in.rest.chat;

import dev.parley.application.policy.WireNames;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.List;

/**
 * A transcript message on the wire (seed 01). {@code operator}: who wrote an operator message; {@code interrupted}:
 * what a stopped turn had said when it was stopped. Both are left out otherwise, so a client that sends messages back
 * (the stateless history) sends only seed 01's fields.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record MessageDto(@io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"user", "assistant", "system", "operator"}) String role,
                         String content, List<ToolCallDto> toolCalls, Instant time,
                         @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Operator operator,
                         @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean interrupted,
                         @io.swagger.v3.oas.annotations.media.Schema(description = "What the model call that wrote this message used") @Nullable UsageDto usage,
                         @io.swagger.v3.oas.annotations.media.Schema(description = "The model that wrote this message") @Nullable String model) {

  /** The person who wrote an operator message. */
  @io.swagger.v3.oas.annotations.media.Schema(nullable = true)
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record Operator(@Nullable String id, String name) {}

  /** A tool call with its arguments and response, any JSON. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record ToolCallDto(String id, String name, @Nullable Object arguments, @Nullable Object response) {
    public static ToolCallDto from(ToolCall c) {
      return new ToolCallDto(c.id(), c.name(), c.arguments(), c.response());
    }
  }

  public static MessageDto from(Message m) {
    return new MessageDto(WireNames.of(m.role()), m.content(), m.toolCalls().stream().map(ToolCallDto::from).toList(), m.time(),
        m.author() == null ? null : new Operator(m.author().id(), m.author().name()), m.interrupted() ? Boolean.TRUE : null,
        UsageDto.from(m.usage()), m.model());
  }

  public static List<MessageDto> from(List<Message> messages) {
    return messages.stream().map(MessageDto::from).toList();
  }
}
