package dev.parley.adapter.in.rest;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/**
 * The OpenAPI document's header; the document itself is generated from the controllers at build time, merged with
 * adapters-rest/openapi/components.yml (the problem schema, error answers and security schemes).
 */
@OpenAPIDefinition(
    info = @Info(title = "Parley", version = "0.1", description = "Conversations between people and AI agents over text"),
    security = {@SecurityRequirement(name = "apiKey"), @SecurityRequirement(name = "bearer")})
public final class ApiDefinition {
  private ApiDefinition() {}
}
