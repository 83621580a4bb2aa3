package dev.parley.adapter.in.rest.provider;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/** The tenant's provider connections (the built-in scripted and openai are not listed). */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ProviderListResponse(List<ProviderResponse> items) {}
