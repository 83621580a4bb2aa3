package dev.parley.application.port.in;

import dev.parley.domain.session.Message;
import java.util.UUID;

/** Inbound port: a person who holds a chat writes to its user. Implemented by {@code usecase.control.PostOperatorMessage}. */
public interface PostOperatorMessageUseCase {
  /** The stored message and its position (seq) in the transcript. */
  record Posted(Message message, int seq) {}

  Posted post(UUID tenantId, UUID chatId, String content, Message.Author operator);
}
