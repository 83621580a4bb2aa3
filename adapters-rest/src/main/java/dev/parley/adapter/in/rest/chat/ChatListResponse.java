package dev.parley.adapter.in.rest.chat;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/** One page of the session list, as the hosted system answers it. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ChatListResponse(List<ChatResponse> items, long totalCount, int skip, int take) {}
