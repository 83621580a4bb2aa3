package dev.parley.adapter.in.rest.webintegration;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** An agent's web integrations, oldest first, revoked ones included. */
@Serdeable
public record WebIntegrationListResponse(List<WebIntegrationResponse> items) {}
