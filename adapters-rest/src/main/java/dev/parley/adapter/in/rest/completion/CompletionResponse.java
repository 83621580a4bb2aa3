package dev.parley.adapter.in.rest.completion;

import dev.parley.adapter.in.rest.chat.MessageDto;
import dev.parley.application.port.in.StatelessTurnResult;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/** Answer to a stateless turn (seed 03): the new messages, tool-turns first, the next state and the stable ids. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record CompletionResponse(List<MessageDto> messages, @Nullable String state, boolean isFinal, String chatId, String callId) {
  public static CompletionResponse from(StatelessTurnResult r) {
    return new CompletionResponse(MessageDto.from(r.messages()), r.state(), r.isFinal(), r.chatId().toString(),
        r.callId().toString());
  }
}
