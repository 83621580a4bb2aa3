package dev.parley.adapter.in.rest.control;

import dev.parley.adapter.in.rest.chat.MessageDto;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** Answer of an operator message: the stored message and its position in the transcript. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record OperatorMessageResponse(String chatId, int seq, MessageDto message) {}
