package dev.parley.application.port.in;

import dev.parley.application.port.out.ChatPage;
import dev.parley.application.port.out.ChatQuery;

/**
 * Inbound port: list a tenant's sessions, newest activity first, with the hosted system's filters. Implemented by
 * {@code usecase.chat.ListChatSessions}.
 */
public interface ListChatSessionsUseCase {
  int DEFAULT_TAKE = 20;

  int MAX_TAKE = 200;

  ChatPage list(ChatQuery query);
}
