package dev.parley.application.port.in;

import dev.parley.domain.session.Message;
import java.util.List;
import java.util.UUID;

/**
 * Inbound port: one page of a chat's transcript (the multi-tenant vendor's message pagination). Implemented by
 * {@code usecase.chat.ListChatMessages}.
 */
public interface ListChatMessagesUseCase {
  int MAX_LIMIT = 500;

  /** A page: messages with their position in the transcript, and the transcript's length. */
  record Page(List<Numbered> items, int total) {}

  /** A message and its sequence number (0 for the first message of the chat). */
  record Numbered(int seq, Message message) {}

  Page list(UUID tenantId, UUID chatId, int offset, int limit, boolean descending);
}
