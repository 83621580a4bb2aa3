package dev.parley.adapter.in.rest.chat;

import dev.parley.application.port.in.ListChatMessagesUseCase;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.List;

/** A page of a transcript; each message carries its sequence number in the chat. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record MessagePageResponse(String chatId, List<Item> messages, int totalCount, int offset, int limit, String order) {

  /** A message with its position. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record Item(int seq, String role, String content, List<MessageDto.ToolCallDto> toolCalls, Instant time,
                     @Nullable String id, @Nullable UsageDto usage, @Nullable String model) {}

  static MessagePageResponse from(String chatId, ListChatMessagesUseCase.Page page, int offset, int limit, String order) {
    return new MessagePageResponse(chatId, page.items().stream().map(n -> {
      MessageDto m = MessageDto.from(n.message());
      return new Item(n.seq(), m.role(), m.content(), m.toolCalls(), m.time(), chatId + ":" + n.seq(), m.usage(), m.model());
    }).toList(), page.total(), offset, limit, order);
  }
}
