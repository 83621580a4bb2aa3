package dev.parley.adapter.in.rest;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Serves the build-time OpenAPI document at /openapi.yml and sends / to the browsable API page. */
@Controller
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
public class OpenApiController {
  private final String document;

  public OpenApiController(ResourceResolver resources) {
    this.document = resources.getResourceAsStream("classpath:META-INF/swagger/parley-0.1.yml").map(OpenApiController::read)
        .orElse("openapi: 3.0.1\ninfo: {title: Parley, version: '0.1'}\npaths: {}\n");
  }

  @Get(value = "/openapi.yml", produces = "application/yaml")
  public String openApi() {
    return document;
  }

  @Get("/api-docs")
  public HttpResponse<?> apiPage() {
    return HttpResponse.seeOther(java.net.URI.create("/swagger-ui/index.html"));
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
