package dev.parley.application.usecase.webchat;

import dev.parley.application.port.in.FindFinalChatsUseCase;
import dev.parley.application.port.out.WebChatRepository;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/** Use case: which of the chats an instance holds sockets for have ended meanwhile (TTL sweeper, REST end...). */
public final class FindFinalChats implements FindFinalChatsUseCase {
  private final WebChatRepository webChats;

  public FindFinalChats(WebChatRepository webChats) {
    this.webChats = webChats;
  }

  @Override
  public Set<UUID> among(Collection<WebChatRepository.ChatRef> chats) {
    return chats.isEmpty() ? Set.of() : webChats.finalAmong(chats);
  }
}
