package dev.parley.adapter.in.rest.agent;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/** One page of agents. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record AgentListResponse(List<AgentResponse> items, long totalCount, int skip, int take) {}
