package dev.parley.bootstrap.support;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;

/** Test-only endpoint answering the logging context (MDC) that a controller thread sees. */
@Controller("/api/v1/chats/{id}/log-context")
@Requires(property = "parley.test.log-context-probe", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
public class LogContextProbe {
  @Get
  public Map<String, String> get(@PathVariable UUID id) {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    return mdc == null ? Map.of() : mdc;
  }
}
