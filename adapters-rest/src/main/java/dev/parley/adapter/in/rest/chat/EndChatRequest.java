package dev.parley.adapter.in.rest.chat;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Body of POST /api/v1/chats/{id}/end (seed 02): an optional note for the activity log. */
@Serdeable
public record EndChatRequest(@Nullable String note) {}
