package dev.parley.application.port.in;

import dev.parley.domain.session.Message;
import java.util.List;
import java.util.UUID;

/** Inbound port: the answer to a user turn — only the new assistant messages, and the post-turn status. */
public record TurnResult(UUID chatId, List<Message> messages, boolean isFinal) {
  public String status() {
    return isFinal ? "final" : "active";
  }
}
