package dev.parley.application.usecase.chat;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.ListChatMessagesUseCase;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.Message;
import java.util.List;
import java.util.UUID;

/** Use case: one page of a chat's transcript (the multi-tenant vendor's message pagination). */
public final class ListChatMessages implements ListChatMessagesUseCase {
  private final ChatSessionRepository sessions;

  public ListChatMessages(ChatSessionRepository sessions) {
    this.sessions = sessions;
  }

  @Override
  public Page list(UUID tenantId, UUID chatId, int offset, int limit, boolean descending) {
    if (offset < 0) throw new InvalidValueException("offset", "offset must not be negative");
    if (limit < 1 || limit > MAX_LIMIT) throw new InvalidValueException("limit", "limit must be between 1 and " + MAX_LIMIT);
    List<Message> all = sessions.find(tenantId, chatId).orElseThrow(() -> new NotFoundException("chat", chatId)).messages();
    int total = all.size();
    List<Numbered> page = new java.util.ArrayList<>();
    for (int i = offset; i < total && page.size() < limit; i++) {
      int seq = descending ? total - 1 - i : i;
      page.add(new Numbered(seq, all.get(seq)));
    }
    return new Page(page, total);
  }
}
