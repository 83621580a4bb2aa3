package dev.parley.application.port.out;

import dev.parley.domain.session.ChatSession;
import java.util.List;

/** One page of sessions and the count of all matches. */
public record ChatPage(List<ChatSession> items, long totalCount) {}
