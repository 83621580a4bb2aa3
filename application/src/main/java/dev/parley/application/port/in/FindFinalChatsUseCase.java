package dev.parley.application.port.in;

import dev.parley.application.port.out.WebChatRepository;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * Inbound port: which of the chats an instance holds sockets for have ended meanwhile (TTL sweeper, REST end...).
 * Implemented by {@code usecase.webchat.FindFinalChats}.
 */
public interface FindFinalChatsUseCase {
  Set<UUID> among(Collection<WebChatRepository.ChatRef> chats);
}
